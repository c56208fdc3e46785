package org.enginetls.demo;

import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLSession;

import org.enginetls.runtime.EngineRuntime;

/**
 * Which response a request gets: {@code /} the home page, {@code /status} the engines as JSON,
 * {@code /health} UP or DOWN ({@link Health}), else 404.
 */
final class DemoRoutes {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    private final EngineRuntime runtime;
    private final ServerCounters counters;
    private final BooleanSupplier providerRegistered;

    DemoRoutes(EngineRuntime runtime, ServerCounters counters, BooleanSupplier providerRegistered) {
        this.runtime = runtime;
        this.counters = counters;
        this.providerRegistered = providerRegistered;
    }

    HttpResponse respond(HttpRequest request, SSLSession session) {
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        return switch (request.path()) {
            case "/" -> read
                    ? HttpResponse.of(200, "OK", HTML, HomePage.of(session, runtime.getEngines()))
                    : methodNotAllowed();
            case "/status" -> read
                    ? HttpResponse.of(200, "OK", JSON, EngineStatusJson.of(runtime.getEngines(), counters))
                            .header("Cache-Control", "no-store")
                    : methodNotAllowed();
            case "/health" -> read ? Health.of(providerRegistered.getAsBoolean(), runtime.getEngines()) : methodNotAllowed();
            default -> HttpResponse.text(404, "Not Found", "not found: try /, /status or /health");
        };
    }

    private static HttpResponse methodNotAllowed() {
        return HttpResponse.text(405, "Method Not Allowed", "only GET and HEAD are served").header("Allow", "GET, HEAD");
    }
}
