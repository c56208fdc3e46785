package org.enginetls.itests;

import static org.junit.Assert.fail;

import java.security.Provider;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Changes the provider's configuration (PID org.enginetls.provider) and waits, bounded, until the running provider has
 * applied it: the provider service advertises the settings in force as service properties, so an applied change shows
 * as a service event whose property has the new value.
 */
final class ProviderConfigurations {

    static final String PID = "org.enginetls.provider";
    static final String PROVIDER_SERVICE = "(&(objectClass=java.security.Provider)(provider.name=EngineTLS))";
    private static final long WAIT_SECONDS = 10;

    private ProviderConfigurations() {
    }

    /** Updates the configuration to {@code properties} and waits until the provider service shows {@code key} = {@code value}. */
    static Provider update(BundleContext context, ConfigurationAdmin configurationAdmin, Dictionary<String, Object> properties,
            String key, Object value) throws Exception {
        return applied(context, key, value, () -> configurationAdmin.getConfiguration(PID, "?").update(properties));
    }

    /** Deletes the configuration, if there is one, and waits until the provider has applied its defaults. */
    static void delete(BundleContext context, ConfigurationAdmin configurationAdmin) throws Exception {
        if (configurationAdmin.listConfigurations("(service.pid=" + PID + ")") != null) {
            applied(context, null, null, () -> configurationAdmin.getConfiguration(PID, "?").delete());
        }
    }

    private interface Change {
        void apply() throws Exception;
    }

    private static Provider applied(BundleContext context, String key, Object value, Change change) throws Exception {
        BlockingQueue<ServiceReference<?>> events = new LinkedBlockingQueue<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.MODIFIED || event.getType() == ServiceEvent.REGISTERED) {
                events.add(event.getServiceReference());
            }
        };
        context.addServiceListener(listener, PROVIDER_SERVICE);
        try {
            change.apply();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (true) {
                ServiceReference<?> reference = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (reference == null) {
                    fail("the provider did not apply " + key + "=" + value + " within " + WAIT_SECONDS + " s");
                }
                if (key == null || equal(reference.getProperty(key), value)) {
                    Provider provider = (Provider) context.getService(reference);
                    context.ungetService(reference);
                    return provider;
                }
            }
        } finally {
            context.removeServiceListener(listener);
        }
    }

    private static boolean equal(Object actual, Object expected) {
        if (actual instanceof Object[] array && expected instanceof Object[] wanted) {
            return Arrays.equals(array, wanted);
        }
        return Objects.equals(actual, expected);
    }
}
