package org.enginetls.provider.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;

/**
 * An asynchronous test engine that signs only when the test says so: every sign request returns a pending stage,
 * held until {@link #releaseAll()} signs it on the delegate. It declares only its delegate's signature algorithms, so
 * everything else in a handshake goes to other engines.
 */
public final class HeldSignEngine extends DelegatingEngine {

    /** A request held with the stage returned for it. */
    public record Held(SignRequest request, CompletableFuture<byte[]> stage) {
    }

    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final Semaphore arrived = new Semaphore(0);

    public HeldSignEngine(String id, CryptoEngine delegate) {
        super(id, delegate, EngineCapabilities.builder()
                .add(OperationKind.SIGN, delegate.capabilities().algorithms(OperationKind.SIGN).toArray(String[]::new))
                .build());
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        CompletableFuture<byte[]> stage = new CompletableFuture<>();
        held.add(new Held(request, stage));
        arrived.release();
        return stage;
    }

    /** Waits (bounded, 10 s) until {@code count} more requests are held. */
    public boolean awaitHeld(int count) throws InterruptedException {
        return arrived.tryAcquire(count, 10, TimeUnit.SECONDS);
    }

    /** Every request held so far, completed or not. */
    public List<Held> held() {
        return List.copyOf(held);
    }

    /** Signs every held request on the delegate and completes its stage (a stage completed meanwhile stays as it is). */
    public void releaseAll() {
        for (Held request : held) {
            super.sign(request.request()).whenComplete((signature, failure) -> {
                if (failure != null) {
                    request.stage().completeExceptionally(failure);
                } else {
                    request.stage().complete(signature);
                }
            });
        }
    }
}
