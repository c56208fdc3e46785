package org.enginetls.provider.interop;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;

/**
 * A test engine found only through {@link java.util.ServiceLoader}: it signs with ECDSA (through
 * the JDK's SunEC) and counts its signatures, so a JVM can tell that the engine took part. It is
 * listed in no services file of the test sources; {@link PlainClassPathTest} writes that file into
 * a folder it adds to a child JVM's class path, so no other test sees this engine.
 */
public final class CountingSignEngine implements CryptoEngine {

    private static final AtomicInteger SIGNATURES = new AtomicInteger();

    private static final EngineCapabilities CAPABILITIES = EngineCapabilities.builder()
            .add(OperationKind.SIGN, "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "NONEwithECDSA")
            .build();

    /** ServiceLoader's constructor. */
    public CountingSignEngine() {
    }

    /** How many signatures engines of this class made in this JVM. */
    public static int signatures() {
        return SIGNATURES.get();
    }

    @Override
    public String id() {
        return "counting-sign";
    }

    /** Above the software engine, which would take the signatures otherwise. */
    @Override
    public int ranking() {
        return 100;
    }

    @Override
    public EngineCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        try {
            Signature signature = Signature.getInstance(request.algorithm(), "SunEC");
            signature.initSign(request.key());
            if (request.parameters() != null) {
                signature.setParameter(request.parameters());
            }
            signature.update(request.data());
            byte[] result = signature.sign();
            SIGNATURES.incrementAndGet();
            return CompletableFuture.completedFuture(result);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
