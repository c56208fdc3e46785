package org.enginetls.provider.impl.software;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;

/**
 * The built-in engine: every operation in software, synchronously, on the caller's thread, with the
 * fastest implementation this JVM has for it (see {@link AlgorithmTable}). It has the lowest rank, so
 * any installed engine that can take an operation is preferred.
 */
public final class SoftwareEngine implements CryptoEngine {

    /** The engine id of the software engine. */
    public static final String ID = "software";

    /** Below every engine a user can register (whose rankings default to 0). */
    public static final int RANKING = Integer.MIN_VALUE;

    private final AlgorithmTable algorithms;

    public SoftwareEngine(AlgorithmTable algorithms) {
        this.algorithms = algorithms;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int ranking() {
        return RANKING;
    }

    @Override
    public EngineCapabilities capabilities() {
        return algorithms.capabilities();
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        try {
            Signature signature = Signature.getInstance(request.algorithm(), provider(OperationKind.SIGN, request.algorithm()));
            signature.initSign(request.key());
            if (request.parameters() != null) {
                signature.setParameter(request.parameters());
            }
            signature.update(request.data());
            return CompletableFuture.completedFuture(signature.sign());
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Boolean> verify(VerifyRequest request) {
        try {
            Signature signature = Signature.getInstance(request.algorithm(), provider(OperationKind.VERIFY, request.algorithm()));
            signature.initVerify(request.key());
            if (request.parameters() != null) {
                signature.setParameter(request.parameters());
            }
            signature.update(request.data());
            return CompletableFuture.completedFuture(signature.verify(request.signature()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance(request.algorithm(), provider(OperationKind.AGREE, request.algorithm()));
            if (request.parameters() != null) {
                agreement.init(request.privateKey(), request.parameters());
            } else {
                agreement.init(request.privateKey());
            }
            acceptPeerKey(agreement, request.peerKey());
            return CompletableFuture.completedFuture(agreement.generateSecret());
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Hands the peer's key to the agreement. BouncyCastle's agreements refuse a small-order X25519 or X448
     * point with an {@code IllegalStateException} and an EC point off the curve with an
     * {@code IllegalArgumentException}; the JDK's say {@link InvalidKeyException}, the JCA's word for a
     * verdict about the key, which is what the router and the TLS stack are told either way.
     */
    private static void acceptPeerKey(KeyAgreement agreement, PublicKey peerKey) throws InvalidKeyException {
        try {
            agreement.doPhase(peerKey, true);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidKeyException("the peer's " + agreement.getAlgorithm() + " key is invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(request.algorithm(),
                    provider(OperationKind.KEYGEN, request.algorithm()));
            SecureRandom random = request.random() != null ? request.random() : algorithms.random();
            if (request.parameters() != null) {
                generator.initialize(request.parameters(), random);
            } else if (request.keySize() > 0) {
                generator.initialize(request.keySize(), random);
            }
            return CompletableFuture.completedFuture(generator.generateKeyPair());
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<byte[]> transform(AsymmetricCipherRequest request) {
        try {
            Cipher cipher = Cipher.getInstance(request.algorithm(), provider(request.kind(), request.algorithm()));
            int mode = request.kind() == OperationKind.ENCRYPT ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            if (request.parameters() != null) {
                cipher.init(mode, request.key(), request.parameters());
            } else {
                cipher.init(mode, request.key());
            }
            return CompletableFuture.completedFuture(cipher.doFinal(request.input()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Cipher newCipher(String transformation) throws GeneralSecurityException {
        return Cipher.getInstance(transformation, provider(OperationKind.CIPHER, transformation));
    }

    @Override
    public Mac newMac(String algorithm) throws GeneralSecurityException {
        return Mac.getInstance(algorithm, provider(OperationKind.MAC, algorithm));
    }

    @Override
    public MessageDigest newDigest(String algorithm) throws GeneralSecurityException {
        return MessageDigest.getInstance(algorithm, provider(OperationKind.DIGEST, algorithm));
    }

    @Override
    public KeyFactory newKeyFactory(String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm, provider(OperationKind.KEY_FACTORY, algorithm));
    }

    @Override
    public SecureRandom newSecureRandom(String algorithm) throws GeneralSecurityException {
        return algorithms.newSecureRandom(algorithm);
    }

    private Provider provider(OperationKind kind, String algorithm) throws GeneralSecurityException {
        return algorithms.provider(kind, algorithm);
    }
}
