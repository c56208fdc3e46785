package org.enginetls.provider.impl.shell;

import org.apache.felix.service.command.Descriptor;
import org.enginetls.runtime.EngineRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands {@code enginetls:engines} and {@code enginetls:engine [-a] <id>} over the
 * {@link EngineRuntime} service. Gogo calls public methods named by {@code osgi.command.function}
 * and prints what they return; its {@code @Descriptor} annotations only add help texts, so the commands
 * work as plain service calls without it.
 */
@Component(service = EngineCommands.class, property = {
    EngineCommands.SCOPE_PROPERTY + "=" + EngineCommands.SCOPE,
    EngineCommands.FUNCTION_PROPERTY + "=engines",
    EngineCommands.FUNCTION_PROPERTY + "=engine"})
public final class EngineCommands {

    static final String SCOPE_PROPERTY = "osgi.command.scope";
    static final String FUNCTION_PROPERTY = "osgi.command.function";
    static final String SCOPE = "enginetls";

    /** What {@code enginetls:engine} without an id prints. */
    static final String ENGINE_USAGE = "usage: enginetls:engine [-a] <id>\n"
            + "  one engine in detail: state and its reason, ranking, bundle, counters, latency, what the engine\n"
            + "  reports about itself, and its algorithms counted per operation kind (-a lists every name).\n"
            + "  The ids are those enginetls:engines lists.\n";

    private final EngineRuntime runtime;

    @Activate
    public EngineCommands(@Reference(name = "runtime") EngineRuntime runtime) {
        this.runtime = runtime;
    }

    /** One line per engine, best-ranked first. */
    @Descriptor("lists the EngineTLS crypto engines, best-ranked first: state, ranking, bundle, operation counters, p99 latency")
    public String engines() {
        return EngineTable.table(runtime.getEngines());
    }

    /**
     * {@code engine <id>}: everything known about the engine, its algorithms counted per kind; {@code engine -a <id>}:
     * every algorithm name; an unknown id: which engines there are; no id (or anything else): how to call it. The
     * option is read here rather than through Gogo's {@code @Parameter}, so the command means the same wherever it
     * is called from, and whether or not this bundle was wired to Gogo's annotations.
     */
    @Descriptor("shows one EngineTLS engine in detail: state and reason, counters, latency, its reported figures, its"
            + " algorithms per operation kind")
    public String engine(@Descriptor("[-a] <id>: the engine id, as enginetls:engines lists it; -a (--algorithms) lists"
            + " every algorithm name instead of a count per operation kind") String... arguments) {
        boolean allAlgorithms = arguments.length == 2 && ("-a".equals(arguments[0]) || "--algorithms".equals(arguments[0]));
        if (arguments.length != 1 && !allAlgorithms || arguments[arguments.length - 1].startsWith("-")) {
            return ENGINE_USAGE;
        }
        String id = arguments[arguments.length - 1];
        return runtime.getEngine(id).map(engine -> EngineTable.details(engine, allAlgorithms))
                .orElseGet(() -> EngineTable.notFound(id, runtime.getEngines()));
    }
}
