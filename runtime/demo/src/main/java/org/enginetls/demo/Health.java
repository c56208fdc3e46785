package org.enginetls.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;

/**
 * The answer of {@code /health}, for load balancers and orchestrators: {@code 200} with
 * {@code {"status":"UP","activeEngines":[...]}} when the EngineTLS provider this server uses is
 * registered and at least one engine is active; {@code 503} with
 * {@code {"status":"DOWN","reason":"..."}} otherwise.
 */
final class Health {

    private Health() {
    }

    /**
     * @param providerRegistered whether the server's provider is the one registered as EngineTLS
     * @param engines the engine snapshots, as the {@code EngineRuntime} gives them
     */
    static HttpResponse of(boolean providerRegistered, List<EngineDTO> engines) {
        if (!providerRegistered) {
            return down("the EngineTLS provider is not registered in the Java Security provider list");
        }
        List<String> active = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (EngineDTO engine : engines) {
            if (engine.state == EngineState.ACTIVE) {
                active.add(Json.quote(engine.id));
            } else {
                others.add(engine.id + " " + engine.state.name().toLowerCase(Locale.ROOT)
                        + (engine.healthReason == null ? "" : " (" + engine.healthReason + ")"));
            }
        }
        if (active.isEmpty()) {
            return down(others.isEmpty() ? "no engine is registered" : "no engine is active: " + String.join(", ", others));
        }
        return json(200, "OK", "{\"status\":\"UP\",\"activeEngines\":[" + String.join(",", active) + "]}\n");
    }

    private static HttpResponse down(String reason) {
        return json(503, "Service Unavailable", "{\"status\":\"DOWN\",\"reason\":" + Json.quote(reason) + "}\n");
    }

    private static HttpResponse json(int status, String reason, String body) {
        return HttpResponse.of(status, reason, DemoRoutes.JSON, body).header("Cache-Control", "no-store");
    }
}
