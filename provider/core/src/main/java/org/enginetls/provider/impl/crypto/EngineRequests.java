package org.enginetls.provider.impl.crypto;

import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;
import org.enginetls.engine.WaitContext;

/** The router's implementations of the request types of the engine SPI. */
final class EngineRequests {

    private EngineRequests() {
    }

    record Sign(WaitContext waitContext, String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data)
            implements SignRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.SIGN;
        }
    }

    record Verify(WaitContext waitContext, String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data, byte[] signature)
            implements VerifyRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.VERIFY;
        }
    }

    record Agree(WaitContext waitContext, String algorithm, AlgorithmParameterSpec parameters, PrivateKey privateKey, PublicKey peerKey)
            implements AgreeRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.AGREE;
        }
    }

    record GenerateKeyPair(WaitContext waitContext, String algorithm, AlgorithmParameterSpec parameters, int keySize, SecureRandom random)
            implements KeyPairRequest {
        @Override
        public OperationKind kind() {
            return OperationKind.KEYGEN;
        }
    }

    record Transform(WaitContext waitContext, OperationKind kind, String algorithm, AlgorithmParameterSpec parameters, Key key, byte[] input)
            implements AsymmetricCipherRequest {
    }
}
