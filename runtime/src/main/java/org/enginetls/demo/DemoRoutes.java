package org.enginetls.demo;

import javax.net.ssl.SSLSession;

import org.enginetls.provider.impl.engines.EngineRegistry;

/** Which response a request gets: {@code /} the home page, {@code /status} the engines as JSON, else 404. */
final class DemoRoutes {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    private final EngineRegistry registry;

    DemoRoutes(EngineRegistry registry) {
        this.registry = registry;
    }

    HttpResponse respond(HttpRequest request, SSLSession session) {
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        return switch (request.path()) {
            case "/" -> read
                    ? HttpResponse.of(200, "OK", HTML, HomePage.of(session, registry))
                    : methodNotAllowed();
            case "/status" -> read
                    ? HttpResponse.of(200, "OK", JSON, EngineStatusJson.of(registry)).header("Cache-Control", "no-store")
                    : methodNotAllowed();
            default -> HttpResponse.text(404, "Not Found", "not found: try / or /status");
        };
    }

    private static HttpResponse methodNotAllowed() {
        return HttpResponse.text(405, "Method Not Allowed", "only GET and HEAD are served").header("Allow", "GET, HEAD");
    }
}
