package org.enginetls.benchmarks;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.enginetls.testing.EngineCalls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The primitives of {@link PrimitiveBenchmark} done by the openssl engine, called through the engine
 * SPI as the router calls it (one request, a completed stage). The {@code ...NewKeyObject} rows sign
 * with a new Java key object every time, so the engine decodes the PKCS#8 key per operation: they
 * measure what its per-key-object cache saves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpenSslPrimitiveBenchmark {

    private final EngineCalls openssl = new EngineCalls(Engines.create("openssl", Map.of()));
    private final byte[] message = new byte[100];
    private KeyPair x25519Peer;
    private KeyPair p256;
    private KeyPair p256Peer;
    private KeyPair ed25519;
    private KeyPair rsa;
    private byte[] p256Signature;

    @Setup
    public void setUp() throws Exception {
        x25519Peer = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        p256 = ec.generateKeyPair();
        p256Peer = ec.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(p256.getPrivate());
        signature.update(message);
        p256Signature = signature.sign();
    }

    @Benchmark
    public byte[] x25519KeyGenAndAgree() throws Exception {
        KeyPair share = openssl.generate("X25519", null, 0);
        return openssl.agree("X25519", share.getPrivate(), x25519Peer.getPublic());
    }

    @Benchmark
    public byte[] ecdhP256KeyGenAndAgree() throws Exception {
        KeyPair share = openssl.generate("EC", new ECGenParameterSpec("secp256r1"), 0);
        return openssl.agree("ECDH", share.getPrivate(), p256Peer.getPublic());
    }

    @Benchmark
    public byte[] ecdsaP256Sign() throws Exception {
        return openssl.sign("SHA256withECDSA", p256.getPrivate(), message);
    }

    @Benchmark
    public byte[] ecdsaP256SignNewKeyObject() throws Exception {
        return openssl.sign("SHA256withECDSA", new EncodedPrivateKey(p256.getPrivate()), message);
    }

    @Benchmark
    public boolean ecdsaP256Verify() throws Exception {
        return openssl.verify("SHA256withECDSA", p256.getPublic(), message, p256Signature);
    }

    @Benchmark
    public byte[] ed25519Sign() throws Exception {
        return openssl.sign("Ed25519", ed25519.getPrivate(), message);
    }

    @Benchmark
    public byte[] rsa2048PssSign() throws Exception {
        return openssl.sign("SHA256withRSAandMGF1", rsa.getPrivate(), message);
    }

    @Benchmark
    public byte[] rsa2048PssSignNewKeyObject() throws Exception {
        return openssl.sign("SHA256withRSAandMGF1", new EncodedPrivateKey(rsa.getPrivate()), message);
    }

    /** A private key object that is only another key's encoding: new for every operation, never in the cache. */
    private record EncodedPrivateKey(String getAlgorithm, String getFormat, byte[] getEncoded) implements PrivateKey {
        EncodedPrivateKey(PrivateKey key) {
            this(key.getAlgorithm(), key.getFormat(), key.getEncoded());
        }
    }
}
