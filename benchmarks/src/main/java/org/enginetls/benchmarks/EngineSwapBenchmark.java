package org.enginetls.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.testing.EnginePair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Full TLS 1.3 handshakes from four client threads while an engine is swapped in and out of the
 * provider's registry. One operation is one handshake (new client and server engine, EC P-256 server
 * certificate, one 64-byte round trip; synchronous engines with delegated tasks), as in
 * {@link FullHandshakeBenchmark}.
 *
 * <p>{@code scenario}: {@code ENGINETLS_SWAPPING} &mdash; every {@code swapIntervalMs} a new dasync
 * engine (latency 0, ranking 100, every asymmetric operation) is added to EngineTLS's registry, and
 * removed and closed (its pending requests fail with "unavailable", as when its bundle stops) one
 * interval later; {@code ENGINETLS} &mdash; the same provider, never swapped; {@code SunJSSE} and
 * {@code BCJSSE_BCKM} &mdash; the JDK's provider and plain BCJSSE, for reference. A failed handshake
 * is counted, not thrown. At the end of the trial each fork prints {@code swap-report} lines: rate
 * and latency around the swaps against steady state ({@link SwapWindows}), and the failures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class EngineSwapBenchmark {

    /** What the clients handshake through. */
    public enum Scenario {
        ENGINETLS_SWAPPING(TlsProvider.EngineTLS),
        ENGINETLS(TlsProvider.EngineTLS),
        SunJSSE(TlsProvider.SunJSSE),
        BCJSSE_BCKM(TlsProvider.BCJSSE_BCKM);

        final TlsProvider provider;

        Scenario(TlsProvider provider) {
            this.provider = provider;
        }
    }

    /** Handshakes that ended within this of a swap are "around" it. */
    private static final long NEAR_MILLIS = 250;
    /** Handshakes that ended at least this far from every swap are "steady". */
    private static final long FAR_MILLIS = 500;

    @Param
    public Scenario scenario;

    @Param({"2000"})
    public long swapIntervalMs;

    private SSLContext serverContext;
    private SSLContext clientContext;
    private EngineTlsProvider swappedIn;
    private ScheduledExecutorService swapper;
    private CryptoEngine swapped;
    private final Queue<Long> additions = new ConcurrentLinkedQueue<>();
    private final Queue<Long> removals = new ConcurrentLinkedQueue<>();
    private final Queue<Client> clients = new ConcurrentLinkedQueue<>();
    private final List<long[]> measuredIntervals = new ArrayList<>();
    private final List<SwapWindows.Sample> samples = new ArrayList<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastFailureLogged = new AtomicLong();
    private volatile boolean measuring;
    private long iterationStart;

    /**
     * One client thread: its buffers and the handshakes it measured in the current iteration, which
     * the benchmark's iteration tear-down collects (it runs once every thread has left the iteration).
     */
    @State(Scope.Thread)
    public static class Client {
        final EnginePair pair = new EnginePair();
        long[] ends = new long[1 << 14];
        long[] latencies = new long[1 << 14];
        int count;

        @Setup(Level.Trial)
        public void register(EngineSwapBenchmark benchmark) {
            benchmark.clients.add(this);
        }

        SwapWindows.Sample takeSample() {
            SwapWindows.Sample sample = new SwapWindows.Sample(Arrays.copyOf(ends, count), Arrays.copyOf(latencies, count));
            count = 0;
            return sample;
        }

        void record(long start, long end) {
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            ends[count] = end;
            latencies[count] = end - start;
            count++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BouncyCastleLogging.silence();
        serverContext = scenario.provider.serverContext(BenchmarkPki.create(KeyType.EC_P256));
        clientContext = scenario.provider.clientContext();
        if (scenario == Scenario.ENGINETLS_SWAPPING) {
            swappedIn = (EngineTlsProvider) scenario.provider.provider();
            swapper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("engine-swapper").daemon(true).factory());
            swapper.scheduleAtFixedRate(this::swap, swapIntervalMs, swapIntervalMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Adds a new dasync engine, or removes and closes the one added last time. */
    private void swap() {
        if (swapped == null) {
            swapped = Engines.create("dasync", Map.of("latency.ms", "0"));
            swappedIn.addEngine(swapped);
            additions.add(System.nanoTime());
        } else {
            swappedIn.removeEngine(swapped);
            removals.add(System.nanoTime());
            // as its bundle's component would: unregistered first, then stopped
            Engines.close(swapped);
            swapped = null;
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        iterationStart = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        if (measuring) {
            measuredIntervals.add(new long[] {iterationStart, System.nanoTime()});
        }
        for (Client client : clients) {
            SwapWindows.Sample sample = client.takeSample();
            if (measuring) {
                samples.add(sample);
            }
        }
        measuring = false;
    }

    @TearDown(Level.Trial)
    public void report() throws InterruptedException {
        if (swapper != null) {
            swapper.shutdownNow();
            swapper.awaitTermination(10, TimeUnit.SECONDS);
        }
        List<String> lines = new SwapWindows(NEAR_MILLIS, FAR_MILLIS).report(scenario.name(), measuredIntervals, samples,
                sorted(additions), sorted(removals), failed.get());
        lines.forEach(System.out::println);
    }

    private static long[] sorted(Queue<Long> times) {
        return times.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Benchmark
    public void handshake(Client client) {
        long start = System.nanoTime();
        try {
            SSLEngine clientEngine = clientContext.createSSLEngine();
            clientEngine.setUseClientMode(true);
            SSLEngine serverEngine = serverContext.createSSLEngine();
            serverEngine.setUseClientMode(false);
            client.pair.handshake(clientEngine, serverEngine);
            client.pair.roundTrip();
        } catch (Exception | AssertionError e) {
            failed.incrementAndGet();
            if (lastFailureLogged.getAndIncrement() < 5) {
                System.out.println("swap-failure " + scenario + ": " + e);
            }
            return;
        }
        if (measuring) {
            client.record(start, System.nanoTime());
        }
    }
}
