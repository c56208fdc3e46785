package org.enginetls.demo;

import java.util.Locale;

import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.runtime.EngineDTO;

/**
 * The engines of a registry as JSON, in routing order (best-ranked first), from the same snapshots
 * the {@code EngineRuntime} service returns:
 * <pre>
 * {"engines":[{"id":"software","ranking":-2147483648,"state":"active","submitted":12,"completed":12,
 *   "failed":0,"eagain":0,"failovers":0,"inFlight":0,"peakInFlight":1,"lastError":null}]}
 * </pre>
 */
final class EngineStatusJson {

    private EngineStatusJson() {
    }

    static String of(EngineRegistry registry) {
        StringBuilder json = new StringBuilder(256).append("{\"engines\":[");
        String separator = "";
        for (EngineDTO engine : new RegistryRuntime(registry).getEngines()) {
            json.append(separator).append('{')
                    .append("\"id\":").append(Json.quote(engine.id))
                    .append(",\"ranking\":").append(engine.ranking)
                    .append(",\"state\":").append(Json.quote(engine.state.name().toLowerCase(Locale.ROOT)))
                    .append(",\"submitted\":").append(engine.submitted)
                    .append(",\"completed\":").append(engine.completed)
                    .append(",\"failed\":").append(engine.failed)
                    .append(",\"eagain\":").append(engine.eagain)
                    .append(",\"failovers\":").append(engine.failovers)
                    .append(",\"inFlight\":").append(engine.inFlight)
                    .append(",\"peakInFlight\":").append(engine.peakInFlight)
                    .append(",\"lastError\":").append(Json.quote(engine.lastError))
                    .append('}');
            separator = ",";
        }
        return json.append("]}\n").toString();
    }
}
