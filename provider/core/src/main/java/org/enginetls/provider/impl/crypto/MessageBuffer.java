package org.enginetls.provider.impl.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the input of a one-shot operation (a signature, an RSA decryption). TLS signs short
 * messages (a transcript hash with a prefix, or key-exchange parameters), so a growable array that
 * is handed over whole is all that is needed.
 */
final class MessageBuffer {

    private byte[] bytes = new byte[256];
    private int length;

    void reset() {
        length = 0;
    }

    void add(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    void add(byte[] input, int offset, int len) {
        ensure(len);
        System.arraycopy(input, offset, bytes, length, len);
        length += len;
    }

    void add(ByteBuffer input) {
        int len = input.remaining();
        ensure(len);
        input.get(bytes, length, len);
        length += len;
    }

    /** The collected bytes; the buffer is empty afterwards. */
    byte[] take() {
        byte[] message = Arrays.copyOf(bytes, length);
        length = 0;
        return message;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
