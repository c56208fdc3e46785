package org.enginetls.benchmarks;

import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

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

/**
 * A TLS 1.3 full handshake per operation: a new client and server engine, the whole handshake (the
 * server's session ticket included) and one 64-byte round trip. Clients are made without a peer
 * host, so no provider can resume.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FullHandshakeBenchmark {

    @Param
    public TlsProvider provider;

    @Param
    public KeyType keyType;

    private SSLContext clientContext;
    private SSLContext serverContext;
    private final EnginePair pair = new EnginePair();

    private final CpuMeter cpu = new CpuMeter();
    /** The whole JVM's CPU: EngineTLS runs part of a handshake in jobs on virtual threads, which {@link #cpu} misses. */
    private final ProcessCpuMeter processCpu = new ProcessCpuMeter();

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
        processCpu.start();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        cpu.report("full " + provider + " " + keyType);
        processCpu.report("full " + provider + " " + keyType);
    }

    @Setup
    public void setUp() throws Exception {
        BouncyCastleLogging.silence();
        serverContext = provider.serverContext(BenchmarkPki.create(keyType));
        clientContext = provider.clientContext();
        fullHandshake();
        Sessions.describe("full handshake", provider, keyType, pair);
    }

    @Benchmark
    public SSLEngine fullHandshake() throws SSLException {
        SSLEngine client = clientContext.createSSLEngine();
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        pair.handshake(client, server);
        pair.roundTrip();
        cpu.count(1);
        processCpu.count(1);
        return client;
    }
}
