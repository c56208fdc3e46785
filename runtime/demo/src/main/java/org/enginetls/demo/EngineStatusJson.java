package org.enginetls.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.enginetls.runtime.EngineDTO;

/**
 * The engines as JSON, in routing order (best-ranked first), from the {@code EngineRuntime}
 * service's snapshots, with the server's own counters:
 * <pre>
 * {"engines":[{"id":"dasync","ranking":100,"state":"active","async":true,"bundle":"org.enginetls.engine.dasync",
 *   "submitted":12,"completed":12,"failed":0,"eagain":0,"failovers":0,"inFlight":0,"peakInFlight":1,
 *   "latencyP50Micros":1100,"latencyP99Micros":2300,"lastError":null,"healthReason":null,"reported":{}}, ...],
 *  "server":{"connections":4,"open":1,"handshakes":4,"handshakesFailed":0,"requests":4}}
 * </pre>
 */
final class EngineStatusJson {

    private EngineStatusJson() {
    }

    static String of(List<EngineDTO> engines, ServerCounters server) {
        StringBuilder json = new StringBuilder(256).append("{\"engines\":[");
        String separator = "";
        for (EngineDTO engine : engines) {
            json.append(separator).append('{')
                    .append("\"id\":").append(Json.quote(engine.id))
                    .append(",\"ranking\":").append(engine.ranking)
                    .append(",\"state\":").append(Json.quote(engine.state.name().toLowerCase(Locale.ROOT)))
                    .append(",\"async\":").append(engine.async)
                    .append(",\"bundle\":").append(Json.quote(engine.bundleSymbolicName))
                    .append(",\"submitted\":").append(engine.submitted)
                    .append(",\"completed\":").append(engine.completed)
                    .append(",\"failed\":").append(engine.failed)
                    .append(",\"eagain\":").append(engine.eagain)
                    .append(",\"failovers\":").append(engine.failovers)
                    .append(",\"inFlight\":").append(engine.inFlight)
                    .append(",\"peakInFlight\":").append(engine.peakInFlight)
                    .append(",\"latencyP50Micros\":").append(engine.latencyP50Micros)
                    .append(",\"latencyP99Micros\":").append(engine.latencyP99Micros)
                    .append(",\"lastError\":").append(Json.quote(engine.lastError))
                    .append(",\"healthReason\":").append(Json.quote(engine.healthReason))
                    .append(",\"reported\":{");
            // what the engine says about itself: a pool's queue depth, a token's label
            String figureSeparator = "";
            for (Map.Entry<String, Object> figure : engine.properties.entrySet()) {
                json.append(figureSeparator).append(Json.quote(figure.getKey())).append(':').append(Json.value(figure.getValue()));
                figureSeparator = ",";
            }
            json.append("}}");
            separator = ",";
        }
        return json.append("],\"server\":").append(server.json()).append("}\n").toString();
    }
}
