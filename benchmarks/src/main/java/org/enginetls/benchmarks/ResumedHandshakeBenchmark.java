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
 * A TLS 1.3 resumed handshake per operation (PSK with (EC)DHE, from the session ticket of the
 * previous connection): the same client context and the same peer host and port every time, new
 * engines, the handshake and one 64-byte round trip (which also delivers the next ticket). The set-up
 * reports whether the server really skipped its certificate: BCJSSE 1.84 (so EngineTLS too) cannot
 * resume TLS 1.3 sessions, so for those rows this is a full handshake with a session lookup. The server key is EC P-256; plain BCJSSE
 * runs with its own key managers only (with the JDK's, it cannot use an EC key at all).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResumedHandshakeBenchmark {

    private static final String PEER_HOST = "localhost";
    private static final int PEER_PORT = 4433;

    @Param({"EngineTLS", "SunJSSE", "BCJSSE_BCKM"})
    public TlsProvider provider;

    private SSLContext clientContext;
    private SSLContext serverContext;
    private final EnginePair pair = new EnginePair();

    private final CpuMeter cpu = new CpuMeter();

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        cpu.report("resumed " + provider);
    }

    @Setup
    public void setUp() throws Exception {
        BouncyCastleLogging.silence();
        serverContext = provider.serverContext(BenchmarkPki.create(KeyType.EC_P256));
        clientContext = provider.clientContext();
        resumedHandshake();
        int full = pair.serverHandshakeBytes();
        resumedHandshake();
        Sessions.describe("resumed handshake", provider, KeyType.EC_P256, pair);
        if (pair.serverHandshakeBytes() > full - 200) {
            // BCJSSE 1.84 has no TLS 1.3 resumption (bc-java issue 946): measured all the same, and reported
            System.out.println("NOT RESUMED: " + provider + " server sent " + pair.serverHandshakeBytes()
                    + " bytes, as in the first handshake (" + full + "): this is a full handshake");
        }
    }

    @Benchmark
    public SSLEngine resumedHandshake() throws SSLException {
        SSLEngine client = clientContext.createSSLEngine(PEER_HOST, PEER_PORT);
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        pair.handshake(client, server);
        pair.roundTrip();
        cpu.count(1);
        return client;
    }
}
