package org.enginetls.provider.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;

/**
 * A test engine that declares only the signature algorithms of its delegate and answers the first
 * {@code failures} sign requests with an exception (busy, unavailable, ...) before signing for real.
 */
public final class SignFaultEngine extends DelegatingEngine {

    private final AtomicInteger remainingFailures;
    private final Supplier<EngineException> failure;
    private final AtomicInteger signRequests = new AtomicInteger();

    public SignFaultEngine(String id, CryptoEngine delegate, int failures, Supplier<EngineException> failure) {
        super(id, delegate, EngineCapabilities.builder()
                .add(OperationKind.SIGN, delegate.capabilities().algorithms(OperationKind.SIGN).toArray(String[]::new))
                .build());
        this.remainingFailures = new AtomicInteger(failures);
        this.failure = failure;
    }

    /** How many sign requests reached this engine, failed or not. */
    public int signRequests() {
        return signRequests.get();
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        signRequests.incrementAndGet();
        if (remainingFailures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return CompletableFuture.failedFuture(failure.get());
        }
        return super.sign(request);
    }
}
