package org.enginetls.provider.impl.events;

import java.lang.System.Logger.Level;

import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegistryListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Follows the EventAdmin service without naming its type: the provider bundle imports {@code org.osgi.service.event}
 * optionally, so it resolves and runs without it. While an EventAdmin is present and the bundle is wired to its
 * package, engine state changes are posted to it (see {@link EventAdminPublisher}).
 */
public final class EventAdminTracker extends ServiceTracker<Object, RegistryListener> {

    static final String EVENT_ADMIN = "org.osgi.service.event.EventAdmin";

    private static final System.Logger LOG = System.getLogger(EventAdminTracker.class.getName());

    private final EngineRegistry registry;

    private EventAdminTracker(BundleContext context, EngineRegistry registry) throws InvalidSyntaxException {
        super(context, context.createFilter("(objectClass=" + EVENT_ADMIN + ")"), null);
        this.registry = registry;
    }

    /** Starts following EventAdmin services for {@code registry}'s events. */
    public static EventAdminTracker open(BundleContext context, EngineRegistry registry) {
        try {
            EventAdminTracker tracker = new EventAdminTracker(context, registry);
            tracker.open();
            return tracker;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the EventAdmin filter is malformed", e);
        }
    }

    @Override
    public RegistryListener addingService(ServiceReference<Object> reference) {
        if (!eventPackageWired()) {
            LOG.log(Level.INFO, "An EventAdmin is present but the provider bundle is not wired to org.osgi.service.event "
                    + "(it resolved before the package was there): refresh the provider bundle to get engine events");
            return null;
        }
        if (!reference.isAssignableTo(context.getBundle(), EVENT_ADMIN)) {
            return null;
        }
        Object service = context.getService(reference);
        if (service == null) {
            return null;
        }
        RegistryListener publisher = EventAdminPublisher.create(service);
        registry.addListener(publisher);
        return publisher;
    }

    @Override
    public void removedService(ServiceReference<Object> reference, RegistryListener publisher) {
        registry.removeListener(publisher);
        context.ungetService(reference);
    }

    /** Whether this bundle can load the EventAdmin API, without loading anything that needs it when it cannot. */
    private boolean eventPackageWired() {
        try {
            Class.forName(EVENT_ADMIN, false, EventAdminTracker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
