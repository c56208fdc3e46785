package org.enginetls.itests;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.KeyAgreement;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;

/**
 * An engine a test registers as an OSGi service: it signs and agrees with the JDK's providers and
 * counts what it did, so a test can see which operations EngineTLS routed to it.
 */
final class CountingEngine implements CryptoEngine {

    private static final EngineCapabilities CAPABILITIES = EngineCapabilities.builder()
            // BCJSSE signs a TLS 1.3 ECDSA CertificateVerify over the hash it computed itself
            .add(OperationKind.SIGN, "NoneWithECDSA", "SHA256withECDSA", "SHA384withECDSA", "Ed25519")
            .add(OperationKind.AGREE, "X25519", "XDH", "ECDH")
            .build();

    private final String id;
    private final AtomicInteger signs = new AtomicInteger();
    private final AtomicInteger agreements = new AtomicInteger();

    CountingEngine(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        try {
            Signature signature = Signature.getInstance(request.algorithm());
            signature.initSign(request.key());
            if (request.parameters() != null) {
                signature.setParameter(request.parameters());
            }
            signature.update(request.data());
            byte[] result = signature.sign();
            signs.incrementAndGet();
            return CompletableFuture.completedFuture(result);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance(request.algorithm());
            agreement.init(request.privateKey());
            agreement.doPhase(request.peerKey(), true);
            byte[] secret = agreement.generateSecret();
            agreements.incrementAndGet();
            return CompletableFuture.completedFuture(secret);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    int signs() {
        return signs.get();
    }

    int agreements() {
        return agreements.get();
    }
}
