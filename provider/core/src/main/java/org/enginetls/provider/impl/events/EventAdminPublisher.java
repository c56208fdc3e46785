package org.enginetls.provider.impl.events;

import java.util.HashMap;
import java.util.Map;

import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.impl.engines.RegistryEvent;
import org.enginetls.provider.impl.engines.RegistryListener;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts every registry event to an EventAdmin, asynchronously ({@code postEvent}: the registry's lock is held).
 *
 * <p>The only class that names the EventAdmin API, whose package the provider bundle imports optionally: it is
 * loaded by {@link EventAdminTracker} only once the package is known to be wired.
 */
final class EventAdminPublisher implements RegistryListener {

    private final EventAdmin eventAdmin;

    private EventAdminPublisher(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    /** A publisher to {@code service}, an {@code EventAdmin}; typed {@code Object} so callers need not load the API. */
    static RegistryListener create(Object service) {
        return new EventAdminPublisher((EventAdmin) service);
    }

    @Override
    public void changed(RegistryEvent event) {
        RegisteredEngine engine = event.engine();
        EngineOrigin origin = engine.origin();
        Map<String, Object> properties = new HashMap<>();
        properties.put(EngineEventTopics.ENGINE_ID, engine.id());
        properties.put(EngineEventTopics.ENGINE_STATE, event.type() == RegistryEvent.Type.REMOVED
                ? RegistryEvent.Type.REMOVED.name() : engine.state().name());
        properties.put(EngineEventTopics.ENGINE_RANKING, engine.ranking());
        properties.put(EngineEventTopics.BUNDLE_ID, origin.bundleId());
        if (origin.bundleSymbolicName() != null) {
            properties.put(EngineEventTopics.BUNDLE_SYMBOLIC_NAME, origin.bundleSymbolicName());
            properties.put(EngineEventTopics.BUNDLE_VERSION, origin.bundleVersion());
        }
        eventAdmin.postEvent(new Event(EngineEventTopics.topic(event.type()), properties));
    }
}
