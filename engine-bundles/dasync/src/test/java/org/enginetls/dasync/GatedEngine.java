package org.enginetls.dasync;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.provider.testing.AsyncServerFixture;

/**
 * An engine whose signatures complete only when the test says so, which makes every async status
 * path reachable deterministically. It can also answer "busy" to its first submissions.
 */
final class GatedEngine implements CryptoEngine {

    private final List<CompletableFuture<byte[]>> waiting = new CopyOnWriteArrayList<>();
    private final List<byte[]> results = new CopyOnWriteArrayList<>();
    private final AtomicInteger busyAnswersLeft;
    final AtomicInteger submissions = new AtomicInteger();
    private final Semaphore submitted = new Semaphore(0);

    GatedEngine(int busyAnswers) {
        this.busyAnswersLeft = new AtomicInteger(busyAnswers);
    }

    @Override
    public String id() {
        return "gated";
    }

    @Override
    public EngineCapabilities capabilities() {
        // BCJSSE signs a TLS 1.3 ECDSA CertificateVerify over its own digest with NoneWithECDSA
        return EngineCapabilities.builder().add(OperationKind.SIGN, "SHA256withECDSA", "NoneWithECDSA").build();
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        submissions.incrementAndGet();
        if (busyAnswersLeft.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new EngineBusyException("gated: busy"));
        }
        try {
            Signature signature = Signature.getInstance(request.algorithm());
            signature.initSign(request.key());
            signature.update(request.data());
            results.add(signature.sign());
        } catch (GeneralSecurityException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        waiting.add(result);
        submitted.release();
        return result;
    }

    /** Completes the oldest held signature, on the calling thread. */
    void releaseOne() {
        CompletableFuture<byte[]> next = waiting.remove(0);
        next.complete(results.remove(0));
    }

    /** Completes every held signature. */
    void releaseAll() {
        while (!waiting.isEmpty()) {
            releaseOne();
        }
    }

    /** Waits (bounded) until at least {@code count} signatures are held. */
    boolean awaitHeld(int count) throws InterruptedException {
        return submitted.tryAcquire(count, AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Fails the oldest held signature with {@code failure}. */
    void failOne(Throwable failure) {
        waiting.remove(0).completeExceptionally(failure);
        results.remove(0);
    }

    int held() {
        return waiting.size();
    }

    /** Whether the oldest held request was cancelled by EngineTLS. */
    boolean oldestCancelled() {
        return waiting.get(0).isCancelled();
    }
}
