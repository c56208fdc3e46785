package org.enginetls.demo;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.enginetls.dasync.DasyncEngine;
import org.enginetls.dasync.DasyncSettings;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.junit.After;
import org.junit.Test;
import org.osgi.service.event.Event;

/** The log over a real engine registry (its status, as the container's {@code EngineRuntime} gives it), fed the provider's event shape. */
public class EngineStateLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T09:14:07Z"), ZoneOffset.UTC);
    private static final String AT = "2026-12-03T09:14:07.000Z enginetls.engine ";

    private final ProviderCore core = new ProviderCore(ProviderSettings.DEFAULTS);
    private final EngineRegistry registry = core.registry();
    private final RegistryRuntime runtime = new RegistryRuntime(registry);
    private final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of()));
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @After
    public void close() {
        dasync.close();
    }

    @Test
    public void startsWithOneLinePerEngineAlreadyThereInItsState() {
        registry.add(dasync, 100, EngineOrigin.CLASS_PATH);

        new EngineStateLog(runtime, out, CLOCK);

        assertEquals(AT + "id=dasync event=PRESENT state=ACTIVE ranking=100 bundle=-\n"
                + AT + "id=software event=PRESENT state=ACTIVE ranking=-2147483648 bundle=-\n", lines());
    }

    @Test
    public void eachEventIsOneLineAndAFailureCarriesTheReasonTheEngineGives() {
        registry.add(new TokenWithoutItsToken(), 0, EngineOrigin.CLASS_PATH);
        EngineStateLog log = new EngineStateLog(runtime, out, CLOCK);
        printed.reset(); // the lines of the engines already there

        log.handleEvent(event("ADDED", "pool", "ACTIVE", 200));
        log.handleEvent(event("RETIRING", "pool", "RETIRING", 200));
        log.handleEvent(event("REMOVED", "pool", "REMOVED", 200));
        log.handleEvent(event("FAILED", "token", "FAILED", 0));

        String pool = " bundle=org.enginetls.engine.pool/1.0.0\n";
        assertEquals(AT + "id=pool event=ADDED state=ACTIVE ranking=200" + pool
                + AT + "id=pool event=RETIRING state=RETIRING ranking=200" + pool
                + AT + "id=pool event=REMOVED state=REMOVED ranking=200" + pool
                + AT + "id=token event=FAILED state=FAILED ranking=0 bundle=org.enginetls.engine.token/1.0.0"
                + " reason=\"token \\\"web\\\" not found\"\n", lines());
    }

    @Test
    public void anEngineFailedBeforeTheLogStartsIsListedWithItsReason() {
        registry.add(new TokenWithoutItsToken(), 0, EngineOrigin.CLASS_PATH);

        new EngineStateLog(runtime, out, CLOCK);

        assertEquals(AT + "id=token event=PRESENT state=FAILED ranking=0 bundle=- reason=\"token \\\"web\\\" not found\"\n"
                + AT + "id=software event=PRESENT state=ACTIVE ranking=-2147483648 bundle=-\n", lines());
    }

    private String lines() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** An event as the provider posts it (its {@code EventAdminPublisher}), for a bundle's engine. */
    private static Event event(String type, String id, String state, int ranking) {
        return new Event("org/enginetls/engine/" + type, Map.of("engine.id", id, "engine.state", state, "engine.ranking", ranking,
                "bundle.symbolicName", "org.enginetls.engine." + id, "bundle.version", "1.0.0"));
    }

    /** An HSM engine that cannot find its token: FAILED with that reason from the moment it is added. */
    private static final class TokenWithoutItsToken implements CryptoEngine {
        @Override
        public String id() {
            return "token";
        }

        @Override
        public EngineCapabilities capabilities() {
            return EngineCapabilities.builder().add(OperationKind.SIGN, "SHA256withECDSA").build();
        }

        @Override
        public EngineHealth health() {
            return EngineHealth.failed("token \"web\" not found");
        }
    }
}
