package org.enginetls.itests;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/** Bundle chores of the life-cycle tests, each with a bounded wait. */
final class Bundles {

    private static final long WAIT_SECONDS = 10;

    private Bundles() {
    }

    /** The installed bundle named {@code symbolicName}, or {@code null}. */
    static Bundle find(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /**
     * Refreshes {@code bundles} (none given: every bundle pending removal) and waits until the framework
     * reports the refresh done.
     */
    static void refresh(BundleContext context, Bundle... bundles) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        };
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles.length == 0 ? null : List.of(bundles), listener);
        if (!refreshed.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the framework did not finish refreshing within " + WAIT_SECONDS + " s");
        }
    }

    /** Waits until a service matching {@code filter} is registered and returns its service object. */
    static Object awaitService(BundleContext context, String filter) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open(true);
        try {
            Object service = tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (service == null) {
                throw new AssertionError("no service " + filter + " within " + WAIT_SECONDS + " s");
            }
            return service;
        } finally {
            tracker.close();
        }
    }
}
