package org.enginetls.demo;

import java.util.Locale;

import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.impl.engines.RegisteredEngine;

/**
 * The engines of a registry as JSON, in routing order (best-ranked first):
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
        for (RegisteredEngine engine : registry.engines()) {
            EngineStatistics statistics = engine.statistics();
            json.append(separator).append('{')
                    .append("\"id\":").append(Json.quote(engine.id()))
                    .append(",\"ranking\":").append(engine.ranking())
                    .append(",\"state\":").append(Json.quote(engine.state().name().toLowerCase(Locale.ROOT)))
                    .append(",\"submitted\":").append(statistics.submittedCount())
                    .append(",\"completed\":").append(statistics.completedCount())
                    .append(",\"failed\":").append(statistics.failedCount())
                    .append(",\"eagain\":").append(statistics.eagainCount())
                    .append(",\"failovers\":").append(statistics.failoverCount())
                    .append(",\"inFlight\":").append(statistics.inFlight())
                    .append(",\"peakInFlight\":").append(statistics.peakInFlight())
                    .append(",\"lastError\":").append(Json.quote(statistics.lastError()))
                    .append('}');
            separator = ",";
        }
        return json.append("]}\n").toString();
    }
}
