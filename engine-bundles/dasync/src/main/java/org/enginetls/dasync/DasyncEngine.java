package org.enginetls.dasync;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;

/**
 * A test engine after OpenSSL's {@code dasync}: real crypto, but every operation it takes completes
 * asynchronously on its own thread after {@link DasyncSettings#latencyMillis()}; on request it answers
 * "busy", fails, or never completes every Nth submission. It counts what it does and which requests
 * are still pending, so tests can see that nothing is left behind.
 *
 * <p>On a plain class path it is found with {@link java.util.ServiceLoader} and configured with system
 * properties; in OSGi {@link DasyncComponent} creates it from Configuration Admin.
 */
public final class DasyncEngine implements CryptoEngine, AutoCloseable {

    /** The engine id. */
    public static final String ID = "dasync";

    @FunctionalInterface
    private interface Work<T> {
        T run() throws GeneralSecurityException;
    }

    private final DasyncSettings settings;
    private final EngineCapabilities capabilities;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicLong completions = new AtomicLong();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    /** A dasync engine configured by system properties (for {@link java.util.ServiceLoader}). */
    public DasyncEngine() {
        this(DasyncSettings.fromSystemProperties());
    }

    public DasyncEngine(DasyncSettings settings) {
        this.settings = settings;
        this.capabilities = SoftwareCrypto.capabilities(settings.operations());
        this.executor = new ScheduledThreadPoolExecutor(2, daemonThreads());
        this.executor.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory daemonThreads() {
        return Thread.ofPlatform().name("enginetls-dasync-", 0).daemon(true).factory();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int ranking() {
        return settings.ranking();
    }

    @Override
    public EngineCapabilities capabilities() {
        return capabilities;
    }

    public DasyncSettings settings() {
        return settings;
    }

    /** Submissions so far, including those answered "busy". */
    public long submissions() {
        return submissions.get();
    }

    /** Operations completed with a result. */
    public long completions() {
        return completions.get();
    }

    /** Requests accepted and neither completed nor cancelled yet (hung ones included). */
    public int pendingRequests() {
        return pending.size();
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        return submit(() -> SoftwareCrypto.sign(request.algorithm(), request.parameters(), request.key(), request.data()));
    }

    @Override
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        return submit(() -> SoftwareCrypto.agree(request.algorithm(), request.privateKey(), request.peerKey()));
    }

    @Override
    public CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        return submit(() -> SoftwareCrypto.generateKeyPair(
                request.algorithm(), request.parameters(), request.keySize(), request.random()));
    }

    @Override
    public CompletionStage<byte[]> transform(AsymmetricCipherRequest request) {
        if (request.kind() != OperationKind.DECRYPT) {
            return CompletableFuture.failedFuture(new EngineException("dasync only decrypts"));
        }
        return submit(() -> SoftwareCrypto.decrypt(request.algorithm(), request.parameters(), request.key(), request.input()));
    }

    /** Record ciphers run inline (TLS calls them per record): dasync only hands out the JDK's. */
    @Override
    public Cipher newCipher(String transformation) throws GeneralSecurityException {
        return SoftwareCrypto.newCipher(transformation);
    }

    private <T> CompletionStage<T> submit(Work<T> work) {
        long n = submissions.incrementAndGet();
        if (executor.isShutdown()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("dasync is stopped"));
        }
        if (every(settings.eagainEvery(), n)) {
            return CompletableFuture.failedFuture(new EngineBusyException(
                    "dasync answers busy to every " + settings.eagainEvery() + "th submission (eagain.every)"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((value, error) -> pending.remove(result));
        if (every(settings.hangEvery(), n)) {
            return result;
        }
        boolean fail = every(settings.failEvery(), n);
        ScheduledFuture<?> scheduled = executor.schedule(() -> complete(result, work, fail),
                settings.latencyMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                scheduled.cancel(false);
            }
        });
        return result;
    }

    private <T> void complete(CompletableFuture<T> result, Work<T> work, boolean fail) {
        if (fail) {
            pending.remove(result);
            result.completeExceptionally(new EngineException(
                    "dasync fails every " + settings.failEvery() + "th submission (fail.every)"));
            return;
        }
        try {
            T value = work.run();
            // counted, and off the pending set, before completion runs the job's callbacks: whoever
            // they wake must see the request as done
            pending.remove(result);
            if (!result.isDone()) {
                completions.incrementAndGet();
                result.complete(value);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            pending.remove(result);
            result.completeExceptionally(e);
        }
    }

    private static boolean every(int period, long n) {
        return period > 0 && n % period == 0;
    }

    /** Stops the engine: pending requests fail with "unavailable", so their jobs move on. */
    @Override
    public void close() {
        executor.shutdownNow();
        for (CompletableFuture<?> request : pending) {
            request.completeExceptionally(new EngineUnavailableException("dasync stopped"));
        }
    }
}
