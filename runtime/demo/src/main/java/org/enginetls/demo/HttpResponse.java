package org.enginetls.demo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete response: status, header fields and a body of known length (this server never streams).
 */
public final class HttpResponse {

    private final int status;
    private final String reason;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    private HttpResponse(int status, String reason, String contentType, byte[] body) {
        this.status = status;
        this.reason = reason;
        this.body = body;
        headers.put("Content-Type", contentType);
    }

    /** A response with a text body, encoded as UTF-8 (which {@code contentType} should say). */
    public static HttpResponse of(int status, String reason, String contentType, String body) {
        return new HttpResponse(status, reason, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A short plain-text response, for errors. */
    public static HttpResponse text(int status, String reason, String message) {
        return of(status, reason, "text/plain; charset=utf-8", message + "\n");
    }

    /** Adds (or replaces) a header field. */
    public HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public byte[] body() {
        return body.clone();
    }

    /**
     * The response as bytes on the wire; {@code withBody} is false for {@code HEAD}, which gets the
     * same header fields (Content-Length included) and no body.
     */
    byte[] encode(boolean withBody, boolean keepAlive) {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n")
                .append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (!withBody) {
            return headBytes;
        }
        byte[] message = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        return message;
    }
}
