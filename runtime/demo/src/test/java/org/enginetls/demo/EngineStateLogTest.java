package org.enginetls.demo;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.runtime.EngineState;
import org.junit.Test;
import org.osgi.service.event.Event;

public class EngineStateLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T09:14:07Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    public void startsWithOneLinePerEngineInTheStateItIsIn() {
        new EngineStateLog(runtime(engine("dasync", EngineState.ACTIVE, 100, "org.enginetls.engine.dasync", null),
                engine("software", EngineState.ACTIVE, Integer.MIN_VALUE, null, null)), out, CLOCK);

        assertEquals("2026-12-03T09:14:07.000Z enginetls.engine id=dasync event=PRESENT state=ACTIVE ranking=100 bundle=org.enginetls.engine.dasync/1.0.0\n"
                + "2026-12-03T09:14:07.000Z enginetls.engine id=software event=PRESENT state=ACTIVE ranking=-2147483648 bundle=-\n", lines());
    }

    @Test
    public void eachEventIsOneLineAndAFailureCarriesTheEnginesReason() {
        EngineDTO failed = engine("pkcs11", EngineState.FAILED, 0, "org.enginetls.engine.pkcs11", "PIN \"1234\" rejected");
        EngineStateLog log = new EngineStateLog(runtime(), out, CLOCK);

        log.handleEvent(event("ADDED", "pool", "ACTIVE", 200));
        log.handleEvent(event("RETIRING", "pool", "RETIRING", 200));
        log.handleEvent(event("REMOVED", "pool", "REMOVED", 200));
        new EngineStateLog(runtime(failed), out, CLOCK).handleEvent(event("FAILED", "pkcs11", "FAILED", 0));

        assertEquals("2026-12-03T09:14:07.000Z enginetls.engine id=pool event=ADDED state=ACTIVE ranking=200 bundle=org.enginetls.engine.pool/1.0.0\n"
                + "2026-12-03T09:14:07.000Z enginetls.engine id=pool event=RETIRING state=RETIRING ranking=200 bundle=org.enginetls.engine.pool/1.0.0\n"
                + "2026-12-03T09:14:07.000Z enginetls.engine id=pool event=REMOVED state=REMOVED ranking=200 bundle=org.enginetls.engine.pool/1.0.0\n"
                + "2026-12-03T09:14:07.000Z enginetls.engine id=pkcs11 event=PRESENT state=FAILED ranking=0 bundle=org.enginetls.engine.pkcs11/1.0.0"
                + " reason=\"PIN \\\"1234\\\" rejected\"\n"
                + "2026-12-03T09:14:07.000Z enginetls.engine id=pkcs11 event=FAILED state=FAILED ranking=0 bundle=org.enginetls.engine.pkcs11/1.0.0"
                + " reason=\"PIN \\\"1234\\\" rejected\"\n", lines());
    }

    private String lines() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Event event(String type, String id, String state, int ranking) {
        return new Event("org/enginetls/engine/" + type, Map.of("engine.id", id, "engine.state", state, "engine.ranking", ranking,
                "bundle.symbolicName", "org.enginetls.engine." + id, "bundle.version", "1.0.0"));
    }

    private static EngineDTO engine(String id, EngineState state, int ranking, String bundle, String lastError) {
        EngineDTO engine = new EngineDTO();
        engine.id = id;
        engine.state = state;
        engine.ranking = ranking;
        engine.bundleSymbolicName = bundle;
        engine.bundleVersion = bundle == null ? null : "1.0.0";
        engine.lastError = lastError;
        return engine;
    }

    private static EngineRuntime runtime(EngineDTO... engines) {
        return new EngineRuntime() {
            @Override
            public List<EngineDTO> getEngines() {
                return List.of(engines);
            }

            @Override
            public Optional<EngineDTO> getEngine(String id) {
                return getEngines().stream().filter(engine -> engine.id.equals(id)).findFirst();
            }
        };
    }
}
