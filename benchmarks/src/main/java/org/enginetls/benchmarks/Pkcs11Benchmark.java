package org.enginetls.benchmarks;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.testing.EngineCalls;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The PKCS#11 engine against SoftHSM2 next to a key in memory, for the same key type: {@link #sign} is one TLS 1.3
 * server signature ({@code SHA256withRSAandMGF1} or {@code SHA256withECDSA} over 100 bytes), by the pkcs11 engine
 * called through the engine SPI as the router calls it ({@code TOKEN}) or by the JDK's {@link Signature}
 * ({@code SOFTWARE}, SunEC or SunRsaSign); {@link #fullHandshake} a TLS 1.3 full handshake in memory
 * (JDK client, EngineTLS server) plus one 64-byte round trip, whose server key is in the token
 * ({@code TOKEN}) or in memory ({@code SOFTWARE}). SoftHSM2 runs inside this JVM, so the process's
 * CPU time per operation ({@link ProcessCpuMeter}, printed per iteration) covers the token's work, the
 * engine's pool and the TLS stack alike. Run with one benchmark thread (the meter counts unsynchronised).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Pkcs11Benchmark {

    private static final int TOKEN_THREADS = 2;
    private static final byte[] MESSAGE = new byte[100];

    /** Where the server's private key is. */
    public enum KeyPlace { TOKEN, SOFTWARE }

    @Param
    public KeyType keyType;

    @Param
    public KeyPlace key;

    private CryptoEngine engine;
    private EngineCalls token;
    private PrivateKey signingKey;
    private String algorithm;
    private SSLContext serverContext;
    private SSLContext clientContext;
    private final ProcessCpuMeter cpu = new ProcessCpuMeter();

    /** A handshake pair per thread. */
    @State(Scope.Thread)
    public static class Pair {
        final EnginePair pair = new EnginePair();
    }

    @Setup
    public void setUp() throws Throwable {
        BouncyCastleLogging.silence();
        algorithm = keyType == KeyType.EC_P256 ? "SHA256withECDSA" : "SHA256withRSAandMGF1";
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", false));
        KeyManager[] keyManagers;
        if (key == KeyPlace.TOKEN) {
            engine = SoftHsmToken.engineWithKey(keyType, TOKEN_THREADS);
            if (!engine.health().available()) {
                throw new IllegalStateException(String.valueOf(engine.health()));
            }
            provider.addEngine(engine);
            token = new EngineCalls(engine);
            signingKey = (PrivateKey) engine.keyStore().getKey("server", null);
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509", "SunJSSE");
            factory.init(engine.keyStore(), new char[0]);
            keyManagers = factory.getKeyManagers();
        } else {
            BenchmarkPki pki = BenchmarkPki.create(keyType);
            signingKey = pki.privateKey();
            keyManagers = pki.keyManagers("SunX509", Security.getProvider("SunJSSE"));
        }
        serverContext = SSLContext.getInstance("TLSv1.3", provider);
        serverContext.init(keyManagers, null, null);
        clientContext = SSLContext.getInstance("TLSv1.3", "SunJSSE");
        clientContext.init(null, BenchmarkPki.trustAll(), null);
        sign();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void endIteration(BenchmarkParams params) {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        cpu.report(method + " " + key + " " + keyType);
    }

    @TearDown
    public void tearDown() {
        if (engine != null) {
            System.out.println("\npkcs11 " + keyType + ": " + engine.health().details());
            Engines.close(engine);
        }
    }

    @Benchmark
    public byte[] sign() throws Exception {
        cpu.count(1);
        if (token != null) {
            return token.sign(algorithm, signingKey, MESSAGE);
        }
        Signature signature = jdkSignature();
        signature.initSign(signingKey);
        signature.update(MESSAGE);
        return signature.sign();
    }

    /** The JDK's signature for {@link #algorithm}: SunEC's ECDSA, or SunRsaSign's RSA-PSS with TLS 1.3's parameters. */
    private Signature jdkSignature() throws GeneralSecurityException {
        if (keyType == KeyType.EC_P256) {
            return Signature.getInstance(algorithm);
        }
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        return pss;
    }

    @Benchmark
    public SSLEngine fullHandshake(Pair state) throws Exception {
        SSLEngine client = clientContext.createSSLEngine();
        client.setUseClientMode(true);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        state.pair.handshake(client, server);
        state.pair.roundTrip();
        cpu.count(1);
        return client;
    }
}
