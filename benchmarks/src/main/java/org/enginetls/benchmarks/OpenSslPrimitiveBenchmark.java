package org.enginetls.benchmarks;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;
import org.enginetls.engine.WaitContext;
import org.enginetls.openssl.OpenSslEngine;
import org.enginetls.openssl.OpenSslSettings;
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

    private final OpenSslEngine engine = new OpenSslEngine(OpenSslSettings.defaults());
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
    public byte[] x25519KeyGenAndAgree() {
        KeyPair share = engine.generateKeyPair(new Generate("X25519", null)).toCompletableFuture().join();
        return engine.agree(new Agree("X25519", share.getPrivate(), x25519Peer.getPublic())).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] ecdhP256KeyGenAndAgree() {
        KeyPair share = engine.generateKeyPair(new Generate("EC", new ECGenParameterSpec("secp256r1")))
                .toCompletableFuture().join();
        return engine.agree(new Agree("ECDH", share.getPrivate(), p256Peer.getPublic())).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] ecdsaP256Sign() {
        return engine.sign(new Sign("SHA256withECDSA", p256.getPrivate(), message)).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] ecdsaP256SignNewKeyObject() {
        return engine.sign(new Sign("SHA256withECDSA", new EncodedPrivateKey(p256.getPrivate()), message))
                .toCompletableFuture().join();
    }

    @Benchmark
    public boolean ecdsaP256Verify() {
        return engine.verify(new Verify("SHA256withECDSA", p256.getPublic(), message, p256Signature)).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] ed25519Sign() {
        return engine.sign(new Sign("Ed25519", ed25519.getPrivate(), message)).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] rsa2048PssSign() {
        return engine.sign(new Sign("SHA256withRSAandMGF1", rsa.getPrivate(), message)).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] rsa2048PssSignNewKeyObject() {
        return engine.sign(new Sign("SHA256withRSAandMGF1", new EncodedPrivateKey(rsa.getPrivate()), message))
                .toCompletableFuture().join();
    }

    /** A private key object that is only another key's encoding: new for every operation, never in the cache. */
    private record EncodedPrivateKey(String getAlgorithm, String getFormat, byte[] getEncoded) implements PrivateKey {
        EncodedPrivateKey(PrivateKey key) {
            this(key.getAlgorithm(), key.getFormat(), key.getEncoded());
        }
    }

    private static WaitContext synchronous() {
        return Synchronous.INSTANCE;
    }

    /** The wait context of a caller outside async mode. */
    private enum Synchronous implements WaitContext {
        INSTANCE;

        @Override
        public boolean isAsync() {
            return false;
        }

        @Override
        public void setStatus(org.enginetls.async.AsyncStatus status) {
        }

        @Override
        public void wake() {
        }
    }

    private record Sign(String algorithm, PrivateKey key, byte[] data) implements SignRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.SIGN;
        }

        @Override
        public AlgorithmParameterSpec parameters() {
            return null;
        }

        @Override
        public WaitContext waitContext() {
            return synchronous();
        }
    }

    private record Verify(String algorithm, PublicKey key, byte[] data, byte[] signature) implements VerifyRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.VERIFY;
        }

        @Override
        public AlgorithmParameterSpec parameters() {
            return null;
        }

        @Override
        public WaitContext waitContext() {
            return synchronous();
        }
    }

    private record Agree(String algorithm, PrivateKey privateKey, PublicKey peerKey) implements AgreeRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.AGREE;
        }

        @Override
        public AlgorithmParameterSpec parameters() {
            return null;
        }

        @Override
        public WaitContext waitContext() {
            return synchronous();
        }
    }

    private record Generate(String algorithm, AlgorithmParameterSpec parameters) implements KeyPairRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.KEYGEN;
        }

        @Override
        public int keySize() {
            return 0;
        }

        @Override
        public SecureRandom random() {
            return null;
        }

        @Override
        public WaitContext waitContext() {
            return synchronous();
        }
    }
}
