package org.enginetls.openssl;

import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;
import org.enginetls.engine.WaitContext;
import org.enginetls.provider.impl.async.SynchronousWait;

/** The engine's operations called the way the router calls them, with their stages unwrapped. */
final class Requests {

    private final OpenSslEngine engine;

    Requests(OpenSslEngine engine) {
        this.engine = engine;
    }

    byte[] sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data) throws Exception {
        return join(engine.sign(new Sign(algorithm, parameters, key, data)));
    }

    boolean verify(String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data, byte[] signature)
            throws Exception {
        return join(engine.verify(new Verify(algorithm, parameters, key, data, signature)));
    }

    byte[] agree(String algorithm, PrivateKey key, PublicKey peer) throws Exception {
        return join(engine.agree(new Agree(algorithm, key, peer)));
    }

    KeyPair generate(String algorithm, AlgorithmParameterSpec parameters, int keySize) throws Exception {
        return join(engine.generateKeyPair(new Generate(algorithm, parameters, keySize)));
    }

    byte[] transform(OperationKind kind, String transformation, Key key, byte[] input) throws Exception {
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

    private static WaitContext synchronous() {
        return SynchronousWait.INSTANCE;
    }

    record Sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data) implements SignRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.SIGN;
        }

        @Override
        public WaitContext waitContext() {
            return synchronous();
        }
    }

    record Verify(String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data, byte[] signature)
            implements VerifyRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.VERIFY;
        }

        @Override
        public WaitContext waitContext() {
            return synchronous();
        }
    }

    record Agree(String algorithm, PrivateKey privateKey, PublicKey peerKey) implements AgreeRequest {
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

    record Generate(String algorithm, AlgorithmParameterSpec parameters, int keySize) implements KeyPairRequest {
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
            return synchronous();
        }
    }

    record Transform(OperationKind kind, String algorithm, Key key, byte[] input) implements AsymmetricCipherRequest {
        @Override
        public AlgorithmParameterSpec parameters() {
            return null;
        }

        @Override
        public WaitContext waitContext() {
            return synchronous();
        }
    }
}
