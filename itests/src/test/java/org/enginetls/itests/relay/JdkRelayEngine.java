package org.enginetls.itests.relay;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.KeyAgreement;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;

/**
 * The engine of the relay bundle, a second engine bundle the swap tests build at run time: it takes
 * every asymmetric operation of an EC handshake (signing, key agreement, key-share generation) and
 * relays it to the JDK's providers, completing before it returns. It is synchronous where dasync
 * is asynchronous, so a swap between the two also swaps the way operations complete.
 */
public final class JdkRelayEngine implements CryptoEngine {

    /** The engine id. */
    public static final String ID = "jdk-relay";

    private static final EngineCapabilities CAPABILITIES = EngineCapabilities.builder()
            .add(OperationKind.SIGN, "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "NONEwithECDSA",
                    "Ed25519", "Ed448")
            .add(OperationKind.AGREE, "X25519", "X448", "XDH", "ECDH")
            .add(OperationKind.KEYGEN, "EC", "X25519", "X448", "XDH")
            .build();

    private final AtomicLong submissions = new AtomicLong();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public EngineCapabilities capabilities() {
        return CAPABILITIES;
    }

    /** Operations submitted so far: the tests read it to see that a departed engine gets no more work. */
    public long submissions() {
        return submissions.get();
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        submissions.incrementAndGet();
        try {
            Signature signature = Signature.getInstance(request.algorithm());
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
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        submissions.incrementAndGet();
        try {
            KeyAgreement agreement = KeyAgreement.getInstance(request.algorithm());
            agreement.init(request.privateKey());
            agreement.doPhase(request.peerKey(), true);
            return CompletableFuture.completedFuture(agreement.generateSecret());
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        submissions.incrementAndGet();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(request.algorithm());
            SecureRandom random = request.random() != null ? request.random() : new SecureRandom();
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
}
