package org.enginetls.benchmarks;

import java.util.concurrent.TimeUnit;

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

/**
 * What the worker-pool engine takes off the event loop. One driver thread keeps {@code inFlight} TLS
 * 1.3 full handshakes going in memory (new client and server engine per handshake, trust-all client,
 * the server key of {@code keyType}); one operation is one completed handshake. Besides the rate,
 * every iteration prints the driver thread's CPU time per handshake ({@code cpu-us-per-op}, from
 * {@code ThreadMXBean.getCurrentThreadCpuTime}), the wall time the driver spent inside engine calls
 * per handshake ({@code driver-busy-us-per-op}: time the loop was not free, computing or waiting for a
 * job) and the process's CPU time per handshake. See {@link OffloadSetup} for the set-ups.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PoolOffloadBenchmark {

    @Param
    public OffloadSetup setup;

    @Param
    public KeyType keyType;

    @Param({"16"})
    public int inFlight;

    private OffloadSetup.Contexts contexts;
    private HandshakeDriver driver;
    private final CpuMeter cpu = new CpuMeter();
    private final ProcessCpuMeter processCpu = new ProcessCpuMeter();
    private long busyAtStart;
    private long completedAtStart;

    @Setup
    public void setUp() throws Exception {
        BouncyCastleLogging.silence();
        driver = new HandshakeDriver();
        contexts = setup.contexts(BenchmarkPki.create(keyType), driver.callback);
        driver.start(contexts.client(), contexts.server(), inFlight);
    }

    @TearDown
    public void tearDown() {
        if (contexts.pool() != null) {
            System.out.println("pool " + contexts.pool().health().details());
        }
        contexts.close();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
        processCpu.start();
        busyAtStart = driver.busyNanos();
        completedAtStart = driver.completed();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        String label = setup + " " + keyType + " n=" + inFlight;
        cpu.report(label);
        processCpu.report(label);
        long handshakes = driver.completed() - completedAtStart;
        if (handshakes > 0) {
            System.out.printf("driver-busy-us-per-op %s %.2f%n", label, (driver.busyNanos() - busyAtStart) / 1000.0 / handshakes);
        }
    }

    @Benchmark
    public long handshake() throws Exception {
        driver.completeOne();
        cpu.count(1);
        processCpu.count(1);
        return driver.completed();
    }
}
