package org.enginetls.demo;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.Test;

public class HealthTest {

    @Test
    public void upListsTheActiveEnginesOnly() {
        HttpResponse health = Health.of(true, List.of(engine("pool", EngineState.RETIRING, null), engine("software", EngineState.ACTIVE, null)));

        assertEquals(200, health.status());
        assertEquals("{\"status\":\"UP\",\"activeEngines\":[\"software\"]}\n", body(health));
    }

    @Test
    public void downWithoutAnActiveEngineNamesEachEngineStateAndReason() {
        HttpResponse health = Health.of(true, List.of(engine("pkcs11", EngineState.FAILED, "token \"web\" not found"),
                engine("pool", EngineState.RETIRING, null)));

        assertEquals(503, health.status());
        assertEquals("{\"status\":\"DOWN\",\"reason\":\"no engine is active: pkcs11 failed (token \\\"web\\\" not found), pool retiring\"}\n",
                body(health));
    }

    @Test
    public void downWithoutAnyEngine() {
        assertEquals("{\"status\":\"DOWN\",\"reason\":\"no engine is registered\"}\n", body(Health.of(true, List.of())));
    }

    @Test
    public void downWhileTheProviderIsNotRegisteredWhateverTheEngines() {
        HttpResponse health = Health.of(false, List.of(engine("software", EngineState.ACTIVE, null)));

        assertEquals(503, health.status());
        assertEquals("no-store", health.header("Cache-Control"));
    }

    private static EngineDTO engine(String id, EngineState state, String healthReason) {
        EngineDTO engine = new EngineDTO();
        engine.id = id;
        engine.state = state;
        engine.healthReason = healthReason;
        return engine;
    }

    private static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
