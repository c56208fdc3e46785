package org.enginetls.provider.impl.shell;

import org.enginetls.runtime.EngineRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands {@code enginetls:engines} and {@code enginetls:engine <id>} over the
 * {@link EngineRuntime} service. Gogo calls public methods named by {@code osgi.command.function}
 * and prints what they return, so nothing here depends on the shell's API and the commands work as
 * plain service calls without it.
 */
@Component(service = EngineCommands.class, property = {
    EngineCommands.SCOPE_PROPERTY + "=" + EngineCommands.SCOPE,
    EngineCommands.FUNCTION_PROPERTY + "=engines",
    EngineCommands.FUNCTION_PROPERTY + "=engine"})
public final class EngineCommands {

    static final String SCOPE_PROPERTY = "osgi.command.scope";
    static final String FUNCTION_PROPERTY = "osgi.command.function";
    static final String SCOPE = "enginetls";

    private final EngineRuntime runtime;

    @Activate
    public EngineCommands(@Reference(name = "runtime") EngineRuntime runtime) {
        this.runtime = runtime;
    }

    /** One line per engine, best-ranked first. */
    public String engines() {
        return EngineTable.table(runtime.getEngines());
    }

    /** Everything known about the engine with {@code id}, or which engines there are if none has it. */
    public String engine(String id) {
        return runtime.getEngine(id).map(EngineTable::details)
                .orElseGet(() -> EngineTable.notFound(id, runtime.getEngines()));
    }
}
