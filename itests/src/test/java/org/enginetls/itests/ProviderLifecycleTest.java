package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.enginetls.provider.testing.ThreadDump;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.testing.AsyncEnginePair;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The provider bundle stopped, started and updated with the dasync engine bundle running beside it:
 * {@code Security.getProvider("EngineTLS")} follows the bundle, engines are bound again, and neither
 * threads nor the old revision's class loader are left behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderLifecycleTest {

    private static final String NAME = "EngineTLS";
    private static final String PROVIDER_SERVICE = "(&(objectClass=" + Provider.class.getName() + ")(provider.name=EngineTLS))";
    private static final String RUNTIME_SERVICE = "(&(objectClass=" + EngineRuntime.class.getName() + ")(provider.name=EngineTLS))";
    /** The provider's threads: async jobs ({@code enginetls-job-<n>}), each job pool's cleaner, its registry's health poller. */
    private static final Pattern JOB_THREAD = Pattern.compile("enginetls-job-\\d+");
    private static final String CLEANER_THREAD = "enginetls-job-cleaner";
    private static final String HEALTH_THREAD = "enginetls-health-";
    private static final long WAIT_SECONDS = 10;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return options(composite(Frameworks.engineTlsWithDasync()), Frameworks.bundlePath("provider"));
    }

    @Test
    public void providerFollowsItsBundleThroughStopStartAndUpdateAndLeavesNoThreadOrClassLoaderBehind() throws Exception {
        Bundle bundle = Bundles.find(context, "org.enginetls.provider");
        handshakesCompleteThroughDasync();
        Collectable firstInstance = new Collectable(Security.getProvider(NAME), "the provider instance of the first activation");
        Collectable originalRevision = new Collectable(Security.getProvider(NAME).getClass().getClassLoader(),
                "the class loader of the provider bundle's original revision");

        bundle.stop();

        assertNull("EngineTLS is still in the java.security provider list", Security.getProvider(NAME));
        assertTrue("the Provider service is still registered",
                context.getServiceReferences(Provider.class, "(provider.name=EngineTLS)").isEmpty());
        assertEquals("live jobs of the stopped provider", 0, liveJobs(firstInstance));
        assertNoJobThreads();
        assertEquals("the stopped provider's health poller ended", List.of(), healthThreads());

        bundle.start();

        Provider restarted = awaitProvider();
        assertTrue("a restart registers a new instance", restarted != firstInstance.get());
        assertTrue("a restart keeps the revision", restarted.getClass().getClassLoader() == originalRevision.get());
        handshakesCompleteThroughDasync();
        assertTrue("the instance of the first activation was not collected", firstInstance.collected());
        restarted = null;

        try (InputStream jar = Files.newInputStream(Path.of(System.getProperty("enginetls.bundle.provider")))) {
            bundle.update(jar);
        }
        Bundles.refresh(context, bundle);

        Provider updated = awaitProvider();
        assertTrue("after the update the provider comes from the new revision",
                updated.getClass().getClassLoader() != originalRevision.get());
        handshakesCompleteThroughDasync();
        assertTrue("the original revision's class loader was not collected", originalRevision.collected());
        assertEquals("live jobs of the updated provider", 0, ProviderInternals.liveJobs(updated));
        assertNoJobThreads();
        assertEquals("only the updated provider's health poller runs", 1, healthThreads().size());
        assertOneCleanerThread();
    }

    /**
     * A synchronous handshake and an async one (whose engine work runs in jobs), through the provider
     * found by name, with dasync taking operations.
     */
    private void handshakesCompleteThroughDasync() throws Exception {
        long before = dasyncSubmissions();
        Handshakes.tls13ThroughEngineTls();
        AsyncEnginePair pair = Handshakes.asyncPair().handshake();
        assertEquals("hello", pair.roundTrip("hello"));
        assertTrue("dasync took no operation", dasyncSubmissions() > before);
    }

    private static int liveJobs(Collectable provider) throws ReflectiveOperationException {
        return ProviderInternals.liveJobs((Provider) provider.get());
    }

    private Provider awaitProvider() throws Exception {
        Provider service = (Provider) Bundles.awaitService(context, PROVIDER_SERVICE);
        assertTrue("the Provider service is not the one in the java.security list", service == Security.getProvider(NAME));
        return service;
    }

    /** Operations submitted to dasync, as the current provider's EngineRuntime reports them. */
    private long dasyncSubmissions() throws Exception {
        EngineRuntime runtime = (EngineRuntime) Bundles.awaitService(context, RUNTIME_SERVICE);
        return runtime.getEngine("dasync").orElseThrow(() -> new AssertionError("dasync is not bound to the provider"))
                .submitted;
    }

    /** Job threads end just after they hand over their result: the dump is polled, bounded. */
    private static void assertNoJobThreads() throws Exception {
        List<String> jobs = jobThreads();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!jobs.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            jobs = jobThreads();
        }
        assertEquals("job threads left behind", List.of(), jobs);
        List<String> platform = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("enginetls-") && !name.startsWith("enginetls-dasync-")
                        && !name.startsWith(HEALTH_THREAD)).toList();
        assertEquals("platform threads of the provider", List.of(), platform);
    }

    /** The live threads of engine registries' health pollers (one per running provider instance). */
    private static List<String> healthThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(HEALTH_THREAD)).toList();
    }

    /**
     * Each job pool has a cleaner thread, which ends once its pool is collected: with the old
     * revision collected, only the current instance's is left. It ends on its own thread, so the
     * dump is polled, bounded.
     */
    private static void assertOneCleanerThread() throws Exception {
        long cleaners = cleanerThreads();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (cleaners > 1 && System.nanoTime() < deadline) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            cleaners = cleanerThreads();
        }
        assertEquals("job pool cleaner threads", 1, cleaners);
    }

    private static List<String> jobThreads() throws Exception {
        return ThreadDump.threadNames().stream().filter(name -> JOB_THREAD.matcher(name).matches()).toList();
    }

    private static long cleanerThreads() throws Exception {
        return ThreadDump.threadNames().stream().filter(CLEANER_THREAD::equals).count();
    }
}
