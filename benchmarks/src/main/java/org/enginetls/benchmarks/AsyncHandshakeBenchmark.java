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
 * Handshakes per second with one driver thread and {@code inFlight} concurrent connections, each a
 * TLS 1.3 full handshake between a new client and server engine in memory (EC P-256 server
 * certificate, the JDK's {@code SunX509} key managers, a trust-all client). One operation is one
 * completed handshake (both engines done, every byte delivered); a new pair starts whenever one
 * completes, so {@code inFlight} handshakes are always under way.
 *
 * <p>{@code mode}: EngineTLS in async mode or in synchronous mode, both with a dasync engine that
 * takes every asymmetric operation and completes it after {@code latencyMs}, or the JDK's provider
 * (the latency does not apply to it: run it with one value).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AsyncHandshakeBenchmark {

    @Param
    public HandshakeMode mode;

    @Param({"1", "10", "100", "1000"})
    public int inFlight;

    @Param({"0", "1", "5"})
    public long latencyMs;

    private HandshakeMode.Contexts contexts;
    private HandshakeDriver driver;
    private final CpuMeter cpu = new CpuMeter();
    private final ProcessCpuMeter processCpu = new ProcessCpuMeter();
    private long sleepsAtStart;

    @Setup
    public void setUp() throws Exception {
        BouncyCastleLogging.silence();
        driver = new HandshakeDriver();
        contexts = mode.contexts(BenchmarkPki.create(KeyType.EC_P256), latencyMs, driver.callback);
        driver.start(contexts.client(), contexts.server(), inFlight);
    }

    @TearDown
    public void tearDown() {
        System.out.printf("handshakes %d, driver slept %d times%n", driver.completed(), driver.sleeps());
        contexts.close();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
        processCpu.start();
        sleepsAtStart = driver.sleeps();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        String label = mode + " n=" + inFlight + " latency=" + latencyMs;
        cpu.report(label);
        processCpu.report(label);
        System.out.printf("driver-sleeps %s %d%n", label, driver.sleeps() - sleepsAtStart);
    }

    @Benchmark
    public long handshake() throws Exception {
        driver.completeOne();
        cpu.count(1);
        processCpu.count(1);
        return driver.completed();
    }
}
