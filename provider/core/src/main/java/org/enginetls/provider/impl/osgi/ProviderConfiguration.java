package org.enginetls.provider.impl.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the EngineTLS provider bundle (PID {@value ProviderComponent#PID}). */
@ObjectClassDefinition(
        id = ProviderComponent.PID,
        name = "EngineTLS provider",
        description = "How the EngineTLS security provider is registered, whether its software engine runs, "
                + "and how engine work is scheduled.")
@interface ProviderConfiguration {

    @AttributeDefinition(
            name = "Position",
            description = "Position in the java.security provider list (1 = most preferred). "
                    + "0 or less adds EngineTLS at the end, so no other code in the JVM is routed through it.")
    int position() default 0;

    @AttributeDefinition(
            name = "Software engine",
            description = "Whether the built-in software engine takes operations no installed engine takes. "
                    + "Without it EngineTLS fails closed when no engine can do an operation.")
    boolean softwareEngine() default true;

    @AttributeDefinition(
            name = "Delegated tasks",
            description = "Outside async mode, hand handshake work out as JSSE delegated tasks (NEED_TASK), "
                    + "as the JDK's provider does; when off, the work runs inside wrap and unwrap.")
    boolean delegatedTasks() default true;

    @AttributeDefinition(
            name = "Operation timeout (ms)",
            description = "How long an engine may take for one operation before it fails (async jobs report ERR).")
    long operationTimeoutMillis() default 5000;

    @AttributeDefinition(
            name = "Drain timeout (ms)",
            description = "How long an engine that left stays listed (RETIRING) while operations it accepted still run. "
                    + "When it elapses they fail as 'unavailable': work on portable keys moves to the next engine, work "
                    + "on keys held by the engine fails. Keep it below the operation timeout.")
    long drainTimeoutMillis() default 2000;

    @AttributeDefinition(
            name = "Engine preference",
            description = "Engine ids, most preferred first. Listed engines route before all others, in this order; "
                    + "the rest follow by service.ranking. An entry may hold several ids separated by commas.")
    String[] enginePreference() default {};

    @AttributeDefinition(
            name = "Health poll (ms)",
            description = "How often EngineTLS asks every engine whether it can work (an engine an operation found "
                    + "unavailable is asked at once besides). A failed engine that recovers takes work again within "
                    + "this time. 1 to 3600000.")
    long healthPollMillis() default 1000;
}
