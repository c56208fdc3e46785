package org.enginetls.openssl;

import java.util.Arrays;

/**
 * The input an AEAD decryption holds back until {@code doFinal}, where the tag is checked before any
 * plaintext leaves. TLS hands a record over in one {@code doFinal}, so this is empty on the record path.
 */
final class HeldInput {

    private byte[] bytes = new byte[0];
    private int length;

    void reset() {
        length = 0;
    }

    int size() {
        return length;
    }

    void add(byte[] input, int offset, int len) {
        if (length + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
        }
        System.arraycopy(input, offset, bytes, length, len);
        length += len;
    }

    /** The held bytes: the first {@link #size()} bytes of the array. */
    byte[] array() {
        return bytes;
    }
}
