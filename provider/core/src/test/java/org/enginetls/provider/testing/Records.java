package org.enginetls.provider.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Raw TLS record bytes for tests that play a misbehaving peer: the five-byte record header
 * (type, version, length) and nothing above it. Handshake messages are never built here; tests take
 * real flights from a real engine and only cut, relabel or corrupt them.
 */
public final class Records {

    public static final int HEADER_LENGTH = 5;
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;

    /** The largest plaintext fragment, 2^14. */
    public static final int MAX_PLAINTEXT = 1 << 14;
    /** RFC 8446 5.2: a TLS 1.3 record may not exceed 2^14 + 256 bytes. */
    public static final int MAX_TLS13_CIPHERTEXT = MAX_PLAINTEXT + 256;
    /** RFC 5246 6.2.3: a TLS 1.2 record may not exceed 2^14 + 2048 bytes. */
    public static final int MAX_TLS12_CIPHERTEXT = MAX_PLAINTEXT + 2048;

    private Records() {
    }

    /** A record header: content type, a 16-bit version and a 16-bit fragment length. */
    public static byte[] header(int type, int version, int length) {
        return new byte[] {(byte) type, (byte) (version >>> 8), (byte) version, (byte) (length >>> 8), (byte) length};
    }

    /** A header followed by {@code length} zero bytes. */
    public static byte[] record(int type, int version, int length) {
        return concat(header(type, version, length), new byte[length]);
    }

    /** A copy of {@code bytes} with the lowest bit of the byte at {@code index} inverted. */
    public static byte[] flipBit(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 1;
        return copy;
    }

    /** A copy of a record stream whose first record header carries {@code version}. */
    public static byte[] withVersion(byte[] records, int version) {
        byte[] copy = records.clone();
        copy[1] = (byte) (version >>> 8);
        copy[2] = (byte) version;
        return copy;
    }

    /** The records of a stream, each with its header. Fails on a stream that ends inside a record. */
    public static List<byte[]> split(byte[] stream) {
        List<byte[]> records = new ArrayList<>();
        int offset = 0;
        while (offset < stream.length) {
            if (stream.length - offset < HEADER_LENGTH) {
                throw new IllegalArgumentException("stream ends inside a record header at " + offset);
            }
            int end = offset + HEADER_LENGTH + length(stream, offset);
            if (end > stream.length) {
                throw new IllegalArgumentException("stream ends inside the record at " + offset);
            }
            records.add(Arrays.copyOfRange(stream, offset, end));
            offset = end;
        }
        return records;
    }

    /** The content type of each record in a stream, in order. */
    public static List<Integer> contentTypes(byte[] stream) {
        List<Integer> types = new ArrayList<>();
        for (byte[] record : split(stream)) {
            types.add(record[0] & 0xFF);
        }
        return types;
    }

    /** The fragment length a record header at {@code offset} announces. */
    public static int length(byte[] stream, int offset) {
        return (stream[offset + 3] & 0xFF) << 8 | stream[offset + 4] & 0xFF;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
