package org.enginetls.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code GET /health} over plain HTTP, answered by {@link Health}: for probes that do not speak TLS,
 * and the one way to read the 503 and its reason when no engine can complete a TLS handshake (the
 * TLS server's own {@code /health} is then unreachable). The JDK's HTTP server, one thread.
 */
final class PlainHealthServer implements AutoCloseable {

    private final HttpServer server;

    private PlainHealthServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code address}, answering {@code /health} with what {@code health} gives at each request. */
    static PlainHealthServer start(InetSocketAddress address, Supplier<HttpResponse> health) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", exchange -> answer(exchange, health));
        server.start();
        return new PlainHealthServer(server);
    }

    private static void answer(HttpExchange exchange, Supplier<HttpResponse> health) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            HttpResponse response;
            if (!exchange.getRequestURI().getPath().equals("/health")) {
                response = HttpResponse.text(404, "Not Found", "not found: try /health");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                response = HttpResponse.text(405, "Method Not Allowed", "only GET and HEAD are served").header("Allow", "GET, HEAD");
            } else {
                response = health.get();
            }
            for (String name : new String[] {"Content-Type", "Cache-Control", "Allow"}) {
                if (response.header(name) != null) {
                    exchange.getResponseHeaders().set(name, response.header(name));
                }
            }
            byte[] body = response.body();
            boolean withBody = !method.equals("HEAD");
            exchange.sendResponseHeaders(response.status(), withBody ? body.length : -1);
            if (withBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening; a request being answered gets a second to finish. */
    @Override
    public void close() {
        server.stop(1);
    }
}
