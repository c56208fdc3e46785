package org.enginetls.provider.impl.events;

import org.enginetls.provider.impl.engines.RegistryEvent;

/** The topics and property names of the events EngineTLS posts for engine state changes. */
public final class EngineEventTopics {

    /** Topics are this prefix and the {@link RegistryEvent.Type} name, e.g. {@code org/enginetls/engine/RETIRING}. */
    public static final String TOPIC_PREFIX = "org/enginetls/engine/";

    public static final String ENGINE_ID = "engine.id";
    public static final String ENGINE_STATE = "engine.state";
    public static final String ENGINE_RANKING = "engine.ranking";
    public static final String BUNDLE_SYMBOLIC_NAME = "bundle.symbolicName";
    public static final String BUNDLE_ID = "bundle.id";
    public static final String BUNDLE_VERSION = "bundle.version";

    private EngineEventTopics() {
    }

    public static String topic(RegistryEvent.Type type) {
        return TOPIC_PREFIX + type.name();
    }
}
