package org.enginetls.provider.impl.tls;

import java.nio.ByteBuffer;

/**
 * Reads the five-byte TLS record header, and nothing more, to find where the next record ends: a
 * job or a delegated task is handed exactly the record BCJSSE's {@code unwrap} will process.
 */
final class RecordFraming {

    static final int HEADER_LENGTH = 5;
    static final byte CONTENT_TYPE_HANDSHAKE = 22;
    static final byte CONTENT_TYPE_APPLICATION_DATA = 23;
    /** The largest record any TLS version allows (2^14 plaintext plus 2048 of expansion). */
    private static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    private RecordFraming() {
    }

    /**
     * The length, header included, of the record at {@code src}'s position if it is complete and of
     * a plausible size; -1 otherwise (BCJSSE then reports underflow or rejects the record itself).
     */
    static int completeRecordLength(ByteBuffer src) {
        int position = src.position();
        if (src.remaining() < HEADER_LENGTH) {
            return -1;
        }
        int length = ((src.get(position + 3) & 0xff) << 8) | (src.get(position + 4) & 0xff);
        if (length > MAX_RECORD_LENGTH || src.remaining() < HEADER_LENGTH + length) {
            return -1;
        }
        return HEADER_LENGTH + length;
    }

    static byte contentType(ByteBuffer src) {
        return src.get(src.position());
    }

    /** Copies the next {@code length} bytes of {@code src} (advancing it) into a buffer of their own. */
    static ByteBuffer take(ByteBuffer src, int length) {
        ByteBuffer record = ByteBuffer.allocate(length);
        ByteBuffer slice = src.slice(src.position(), length);
        record.put(slice).flip();
        src.position(src.position() + length);
        return record;
    }
}
