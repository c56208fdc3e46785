package org.enginetls.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request heads (request line and header fields) from a connection, one after the other.
 * Heads are bounded in size, so a peer cannot make the server buffer without end.
 *
 * <p>The event loop never blocks on a peer: it collects decrypted bytes and calls
 * {@link #take(ByteBuffer)}, which parses a head only once all of it has arrived.
 */
final class HttpRequestReader {

    /** The largest request head accepted, in bytes (what common servers accept by default). */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    /** A request head this server will not serve; the connection answers 400 and closes. */
    static final class BadRequestException extends IOException {
        BadRequestException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final byte[] line = new byte[MAX_HEAD_BYTES];
    private int headBytes;

    /** {@code in} should be buffered: it is read a byte at a time. */
    HttpRequestReader(InputStream in) {
        this.in = in;
    }

    /**
     * Takes the first complete request head out of {@code received} (in write mode: the bytes are
     * {@code 0..position}), leaving what follows it; {@code null} while the head has not all arrived.
     *
     * @throws BadRequestException if the head is malformed, or longer than {@link #MAX_HEAD_BYTES}
     */
    static HttpRequest take(ByteBuffer received) throws IOException {
        int end = headEnd(received);
        if (end < 0) {
            if (received.position() >= MAX_HEAD_BYTES) {
                throw new BadRequestException("request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            return null;
        }
        byte[] head = new byte[end];
        received.flip();
        received.get(head);
        received.compact();
        HttpRequest request = new HttpRequestReader(new ByteArrayInputStream(head)).next();
        if (request == null) {
            throw new BadRequestException("empty request");
        }
        return request;
    }

    /**
     * The length of the head at the start of {@code received}, up to and including the empty line
     * that ends it, or -1. Empty lines before the request line do not end a head (RFC 9112, 2.2).
     */
    private static int headEnd(ByteBuffer received) {
        boolean seenContent = false;
        int lineLength = 0;
        for (int i = 0; i < received.position(); i++) {
            byte b = received.get(i);
            if (b == '\n') {
                if (lineLength == 0 && seenContent) {
                    return i + 1;
                }
                seenContent |= lineLength > 0;
                lineLength = 0;
            } else if (b != '\r' || (i + 1 < received.position() && received.get(i + 1) != '\n')) {
                lineLength++;
            }
        }
        return -1;
    }

    /** The next request head, or {@code null} if the peer closed the connection between requests. */
    HttpRequest next() throws IOException {
        headBytes = 0;
        String requestLine = readLine(true);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(true); // RFC 9112, 2.2: ignore empty lines before a request line
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new BadRequestException("malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new BadRequestException("unsupported protocol version " + parts[2]);
        }
        Map<String, String> headers = new HashMap<>();
        for (String field = readLine(false); !field.isEmpty(); field = readLine(false)) {
            int colon = field.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(field.charAt(colon - 1))) {
                throw new BadRequestException("malformed header field");
            }
            String name = field.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).strip();
            headers.merge(name, value, (first, second) -> first + ", " + second);
        }
        return new HttpRequest(parts[0], parts[1], parts[2], headers);
    }

    /**
     * One line without its CRLF (a bare LF is accepted too). At the start of a request, end of stream
     * means the peer is done ({@code null}); inside a head it is an error.
     */
    private String readLine(boolean betweenRequests) throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (betweenRequests && length == 0) {
                    return null;
                }
                throw new BadRequestException("connection closed inside a request head");
            }
            if (++headBytes > MAX_HEAD_BYTES) {
                throw new BadRequestException("request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return new String(line, 0, length, StandardCharsets.ISO_8859_1);
            }
            line[length++] = (byte) b;
        }
    }
}
