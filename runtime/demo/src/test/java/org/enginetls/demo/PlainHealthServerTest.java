package org.enginetls.demo;

import static org.junit.Assert.assertEquals;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.Test;

public class PlainHealthServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicReference<HttpResponse> health = new AtomicReference<>(Health.of(false, List.of()));
    private PlainHealthServer server;

    @After
    public void stop() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    @Test
    public void answersEachRequestWithTheHealthOfThatMoment() throws Exception {
        server = PlainHealthServer.start(new InetSocketAddress("127.0.0.1", 0), health::get);

        java.net.http.HttpResponse<String> down = get("GET", "/health");
        health.set(Health.of(true, List.of(engine("software"))));
        java.net.http.HttpResponse<String> up = get("GET", "/health");

        assertEquals(503, down.statusCode());
        assertEquals("{\"status\":\"DOWN\",\"reason\":\"the EngineTLS provider is not registered in the Java Security provider list\"}\n",
                down.body());
        assertEquals(200, up.statusCode());
        assertEquals("application/json", up.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-store", up.headers().firstValue("cache-control").orElseThrow());
        assertEquals("{\"status\":\"UP\",\"activeEngines\":[\"software\"]}\n", up.body());
    }

    @Test
    public void headHasNoBodyOtherPathsAre404AndOtherMethods405() throws Exception {
        server = PlainHealthServer.start(new InetSocketAddress("127.0.0.1", 0), health::get);

        assertEquals("", get("HEAD", "/health").body());
        assertEquals(503, get("HEAD", "/health").statusCode());
        assertEquals(404, get("GET", "/status").statusCode());
        assertEquals(405, get("DELETE", "/health").statusCode());
    }

    private java.net.http.HttpResponse<String> get(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                BodyHandlers.ofString());
    }

    private static EngineDTO engine(String id) {
        EngineDTO engine = new EngineDTO();
        engine.id = id;
        engine.state = EngineState.ACTIVE;
        return engine;
    }
}
