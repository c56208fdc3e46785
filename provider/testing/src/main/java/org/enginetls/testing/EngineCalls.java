package org.enginetls.testing;

import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;
import org.enginetls.engine.WaitContext;

/**
 * One engine's operations called through the SPI the way the router calls them outside async mode: one request with
 * the {@linkplain #SYNCHRONOUS synchronous wait context}, the stage joined. A failed stage throws what it failed with,
 * as the router sees it.
 */
public final class EngineCalls {

    /** The wait context of a caller outside async mode: it blocks on the stage, so nobody needs telling. */
    public static final WaitContext SYNCHRONOUS = new WaitContext() {
        @Override
        public boolean isAsync() {
            return false;
        }

        @Override
        public void setStatus(AsyncStatus status) {
            // no paused job reads it
        }

        @Override
        public void wake() {
            // the caller is blocked on the operation itself
        }
    };

    private final CryptoEngine engine;

    public EngineCalls(CryptoEngine engine) {
        this.engine = engine;
    }

    public byte[] sign(String algorithm, PrivateKey key, byte[] data) throws Exception {
        return sign(algorithm, null, key, data);
    }

    public byte[] sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data) throws Exception {
        return join(engine.sign(new Sign(algorithm, parameters, key, data)));
    }

    public boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature) throws Exception {
        return verify(algorithm, null, key, data, signature);
    }

    public boolean verify(String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data,
            byte[] signature) throws Exception {
        return join(engine.verify(new Verify(algorithm, parameters, key, data, signature)));
    }

    public byte[] agree(String algorithm, PrivateKey key, PublicKey peer) throws Exception {
        return join(engine.agree(new Agree(algorithm, key, peer)));
    }

    public KeyPair generate(String algorithm, AlgorithmParameterSpec parameters, int keySize) throws Exception {
        return join(engine.generateKeyPair(new Generate(algorithm, parameters, keySize)));
    }

    public byte[] transform(OperationKind kind, String transformation, Key key, byte[] input) throws Exception {
        return join(engine.transform(new Transform(kind, transformation, key, input)));
    }

    /** The result, or the exception the stage failed with (as the router sees it). */
    private static <T> T join(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A sign request outside async mode. */
    public record Sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data)
            implements SignRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.SIGN;
        }

        @Override
        public WaitContext waitContext() {
            return SYNCHRONOUS;
        }
    }

    /** A verify request outside async mode. */
    public record Verify(String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data,
            byte[] signature) implements VerifyRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.VERIFY;
        }

        @Override
        public WaitContext waitContext() {
            return SYNCHRONOUS;
        }
    }

    /** A key agreement request outside async mode. */
    public record Agree(String algorithm, PrivateKey privateKey, PublicKey peerKey) implements AgreeRequest {
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
            return SYNCHRONOUS;
        }
    }

    /** A key pair request outside async mode, with the engine's own randomness. */
    public record Generate(String algorithm, AlgorithmParameterSpec parameters, int keySize) implements KeyPairRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.KEYGEN;
        }

        @Override
        public SecureRandom random() {
            return null;
        }

        @Override
        public WaitContext waitContext() {
            return SYNCHRONOUS;
        }
    }

    /** An asymmetric encryption or decryption outside async mode. */
    public record Transform(OperationKind kind, String algorithm, Key key, byte[] input) implements AsymmetricCipherRequest {
        @Override
        public AlgorithmParameterSpec parameters() {
            return null;
        }

        @Override
        public WaitContext waitContext() {
            return SYNCHRONOUS;
        }
    }
}
