package org.enginetls.demo;

import java.lang.System.Logger.Level;
import java.time.Duration;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Stops the OSGi framework when the JVM is asked to exit (Ctrl-C, SIGTERM), so that every bundle
 * stops in order: the demo server closes its connections, the provider leaves the Security
 * provider list, engines close. bnd's launcher, which starts the demo container, only cleans up its
 * files then; Felix's own launcher has such a hook, and so does this bundle for the container.
 * Stopping the framework from the shell ({@code stop 0}) removes the hook again.
 *
 * <p>Registered as a service only so that {@link DemoComponent} can require it: the server starts
 * once a Ctrl-C is known to stop it cleanly.
 */
@Component(immediate = true, service = FrameworkShutdownHook.class)
public final class FrameworkShutdownHook {

    /** How long the hook waits for the bundles to stop; the JVM exits then anyway. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(FrameworkShutdownHook.class.getName());

    private final Thread hook;

    @Activate
    public FrameworkShutdownHook(BundleContext context) {
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        hook = new Thread(() -> stop(framework), "enginetls-framework-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void stop(Bundle framework) {
        try {
            framework.stop();
            if (framework instanceof Framework running) {
                running.waitForStop(STOP_TIMEOUT.toMillis());
            }
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.WARNING, "stopping the framework at JVM exit failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // this hook is what stops the framework now
        }
    }
}
