package org.enginetls.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * One line on standard output per engine state change, from the provider's events
 * ({@code org/enginetls/engine/ADDED}, {@code ACTIVE}, {@code SHADOWED}, {@code RETIRING},
 * {@code FAILED}, {@code REMOVED}), in a format that stays stable for log processors:
 * <pre>
 * 2026-12-03T09:14:07.211Z enginetls.engine id=pool event=ADDED state=ACTIVE ranking=200 bundle=org.enginetls.engine.pool/0.1.0.SNAPSHOT
 * 2026-12-03T09:15:42.003Z enginetls.engine id=pkcs11 event=FAILED state=FAILED ranking=0 bundle=org.enginetls.engine.pkcs11/0.1.0.SNAPSHOT reason="..."
 * </pre>
 * A UTC instant, {@code enginetls.engine}, then {@code key=value} fields: {@code id}, {@code event}
 * (the topic's last part), {@code state} (the engine's state after it: {@code ACTIVE},
 * {@code SHADOWED}, {@code RETIRING}, {@code FAILED}, or {@code REMOVED}), {@code ranking},
 * {@code bundle} (symbolic name/version, {@code -} for the built-in engine) and, in the
 * {@code FAILED} state, {@code reason} as a JSON string. When it starts (after the provider), it
 * writes one line with {@code event=PRESENT} per engine already there.
 */
@Component(immediate = true, property = EventConstants.EVENT_TOPIC + "=" + EngineStateLog.TOPICS)
public final class EngineStateLog implements EventHandler {

    /** The provider's engine events (its {@code EngineEventTopics}). */
    static final String TOPICS = "org/enginetls/engine/*";
    private static final String TOPIC_PREFIX = "org/enginetls/engine/";
    private static final String FAILED = "FAILED";
    /** The event of the lines about the engines already there when the log starts. */
    static final String PRESENT = "PRESENT";
    /** Always milliseconds, so that every line's fields start at the same column. */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final EngineRuntime runtime;
    private final PrintStream out;
    private final Clock clock;

    @Activate
    public EngineStateLog(@Reference(target = "(provider.name=EngineTLS)") EngineRuntime runtime) {
        this(runtime, System.out, Clock.systemUTC());
    }

    EngineStateLog(EngineRuntime runtime, PrintStream out, Clock clock) {
        this.runtime = runtime;
        this.out = out;
        this.clock = clock;
        for (EngineDTO engine : runtime.getEngines()) {
            String bundle = engine.bundleSymbolicName == null ? null : engine.bundleSymbolicName + "/" + engine.bundleVersion;
            out.println(line(clock.instant(), engine.id, PRESENT, engine.state.name(), engine.ranking, bundle,
                    engine.state.name().equals(FAILED) ? engine.healthReason : null));
        }
    }

    @Override
    public void handleEvent(Event event) {
        String type = event.getTopic().substring(TOPIC_PREFIX.length());
        String id = String.valueOf(event.getProperty("engine.id"));
        String state = String.valueOf(event.getProperty("engine.state"));
        Object symbolicName = event.getProperty("bundle.symbolicName");
        String bundle = symbolicName == null ? null : symbolicName + "/" + event.getProperty("bundle.version");
        // the event carries no reason: the engine's status has it, read as the line is written
        String reason = state.equals(FAILED) ? runtime.getEngine(id).map(engine -> engine.healthReason).orElse(null) : null;
        out.println(line(clock.instant(), id, type, state, event.getProperty("engine.ranking"), bundle, reason));
    }

    /** One log line; {@code bundle} is "name/version" or {@code null}, {@code reason} {@code null} when there is none. */
    static String line(Instant when, String id, String event, String state, Object ranking, String bundle, String reason) {
        return INSTANT.format(when) + " enginetls.engine id=" + id + " event=" + event + " state=" + state + " ranking=" + ranking
                + " bundle=" + (bundle == null ? "-" : bundle) + (reason == null ? "" : " reason=" + Json.quote(reason));
    }
}
