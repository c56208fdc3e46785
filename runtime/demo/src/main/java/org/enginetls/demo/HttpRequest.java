package org.enginetls.demo;

import java.util.Locale;
import java.util.Map;

/**
 * The head of one HTTP/1.x request.
 *
 * @param method the method, as sent (methods are case-sensitive)
 * @param target the request target, as sent (for example {@code /status?pretty})
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers header fields by lower-case name (a repeated field keeps its values comma-joined)
 */
public record HttpRequest(String method, String target, String version, Map<String, String> headers) {

    public HttpRequest {
        headers = Map.copyOf(headers);
    }

    /** The target's path, without the query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the request carries a body, which this server never reads. */
    public boolean hasBody() {
        String length = header("content-length");
        return header("transfer-encoding") != null || (length != null && !length.trim().equals("0"));
    }

    /** Whether the client wants the connection kept open after the response (RFC 9112, 9.3). */
    public boolean wantsKeepAlive() {
        String connection = header("connection");
        String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        if (version.equals("HTTP/1.1")) {
            return !hasToken(tokens, "close");
        }
        return hasToken(tokens, "keep-alive");
    }

    private static boolean hasToken(String list, String token) {
        for (String element : list.split(",")) {
            if (element.trim().equals(token)) {
                return true;
            }
        }
        return false;
    }
}
