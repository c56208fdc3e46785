package org.enginetls.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import org.enginetls.testing.EnginePair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bulk data on one connection, one thread: the client wraps 16 KiB of application data and the
 * server unwraps it (one record for BCJSSE; two for the JDK, which fits 16367 bytes in a record),
 * TLS 1.3 with the cipher suite {@link #suite}. One invocation moves {@value #RECORD} bytes and
 * counts as that many operations, so the score in ops/us is bytes per microsecond, that is MB/s
 * (10^6 bytes per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BulkBenchmark {

    static final int RECORD = 16 * 1024;

    @Param({"EngineTLS", "EngineTLS_openssl", "EngineTLS_openssl_aesgcm", "SunJSSE", "BCJSSE_BCKM"})
    public TlsProvider provider;

    @Param({"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    public String suite;

    private SSLEngine client;
    private SSLEngine server;
    private final ByteBuffer plaintext = ByteBuffer.allocate(RECORD);
    private final ByteBuffer network = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer received = ByteBuffer.allocate(64 * 1024);

    private final CpuMeter cpu = new CpuMeter();

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        cpu.report("bulk-per-16KiB " + provider + " " + suite);
    }

    @Setup
    public void setUp() throws Exception {
        BouncyCastleLogging.silence();
        SSLParameters parameters = new SSLParameters(new String[] {suite}, new String[] {"TLSv1.3"});
        SSLEngine newClient = provider.clientContext().createSSLEngine();
        newClient.setUseClientMode(true);
        newClient.setSSLParameters(parameters);
        SSLEngine newServer = provider.serverContext(BenchmarkPki.create(KeyType.EC_P256)).createSSLEngine();
        newServer.setUseClientMode(false);
        newServer.setSSLParameters(parameters);
        EnginePair pair = new EnginePair();
        pair.handshake(newClient, newServer);
        pair.roundTrip();
        Sessions.describe("bulk", provider, KeyType.EC_P256, pair);
        if (!suite.equals(newClient.getSession().getCipherSuite())) {
            throw new IllegalStateException(provider + " negotiated " + newClient.getSession().getCipherSuite() + ", not " + suite);
        }
        client = newClient;
        server = newServer;
        new java.util.Random(1).nextBytes(plaintext.array());
    }

    @Benchmark
    @OperationsPerInvocation(RECORD)
    public int wrapAndUnwrapRecord() throws SSLException {
        plaintext.clear();
        network.clear();
        // the JDK fits 16367 bytes into a TLS 1.3 record and sends the other 17 in a second one
        for (int i = 0; i < 4 && plaintext.hasRemaining(); i++) {
            check(client.wrap(plaintext, network));
        }
        network.flip();
        received.clear();
        for (int i = 0; i < 4 && network.hasRemaining(); i++) {
            check(server.unwrap(network, received));
        }
        if (plaintext.hasRemaining() || network.hasRemaining() || received.position() != RECORD) {
            throw new SSLException("16 KiB did not go through: " + plaintext.remaining() + " bytes not wrapped, "
                    + network.remaining() + " not unwrapped, " + received.position() + " received");
        }
        cpu.count(1);
        return received.position();
    }

    private static void check(SSLEngineResult result) throws SSLException {
        if (result.getStatus() != SSLEngineResult.Status.OK
                || result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            throw new SSLException("unexpected during bulk transfer: " + result);
        }
    }
}
