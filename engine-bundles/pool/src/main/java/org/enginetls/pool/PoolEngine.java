package org.enginetls.pool;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineRequest;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;

/**
 * Performs the asymmetric operations of TLS (sign, verify, agree, key-pair generation, RSA
 * encryption and decryption) on its own bounded pool of worker threads, and completes each
 * operation's stage from the worker. In async mode the job that submitted it pauses and the
 * application's callback wakes it; outside async mode the caller (or its delegated task) waits.
 * This is how an event-loop server keeps RSA signing off its loop.
 *
 * <p>A submission that finds the queue full is answered at once with {@link EngineBusyException}
 * (EAGAIN): nothing was started, and the router submits again later or moves on. Record ciphers,
 * MACs and digests are not offered: the engine SPI runs them inline on the caller's thread, per
 * record, where a hand-off to another thread would cost more than the cipher.
 *
 * <p>On a plain class path it is found with {@link java.util.ServiceLoader} and configured with
 * system properties; in OSGi {@link PoolComponent} creates it from Configuration Admin.
 */
public final class PoolEngine implements CryptoEngine, AutoCloseable {

    /** The engine id. */
    public static final String ID = "pool";

    @FunctionalInterface
    private interface Work<T> {
        T run() throws GeneralSecurityException;
    }

    private final PoolSettings settings;
    private final JcaOperations crypto;
    private final EngineCapabilities capabilities;
    private final WorkerPool pool;
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicLong completions = new AtomicLong();
    private final Map<OperationKind, LongAdder> completionsByKind = new EnumMap<>(OperationKind.class);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong busyAnswers = new AtomicLong();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A pool engine configured by system properties (for {@link java.util.ServiceLoader}). */
    public PoolEngine() {
        this(PoolSettings.fromSystemProperties());
    }

    public PoolEngine(PoolSettings settings) {
        this(settings, new JcaOperations());
    }

    /** With the crypto a test chooses (one that holds or breaks a worker). */
    PoolEngine(PoolSettings settings, JcaOperations crypto) {
        this.settings = settings;
        this.crypto = crypto;
        this.capabilities = crypto.capabilities(settings.operations());
        this.pool = new WorkerPool(settings.threads(), settings.queueCapacity());
        for (OperationKind kind : OperationKind.values()) {
            completionsByKind.put(kind, new LongAdder());
        }
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

    public PoolSettings settings() {
        return settings;
    }

    /** Submissions so far, including those answered "busy" and those after close. */
    public long submissions() {
        return submissions.get();
    }

    /** Operations a worker completed with a result. */
    public long completions() {
        return completions.get();
    }

    /** Operations of {@code kind} a worker completed with a result. */
    public long completions(OperationKind kind) {
        return completionsByKind.get(kind).sum();
    }

    /** Submissions answered "busy" because the queue was full (EAGAIN). */
    public long busyAnswers() {
        return busyAnswers.get();
    }

    /** Operations accepted and neither completed nor cancelled yet (queued or running). */
    public int pendingRequests() {
        return pending.size();
    }

    /** Worker threads of this engine's pool that have not ended. */
    public int threadsAlive() {
        return pool.threadsAlive();
    }

    /** The name every worker thread of this engine's pool starts with. */
    public String threadNamePrefix() {
        return pool.threadNamePrefix();
    }

    /**
     * Available while running, with the pool's figures; failed once closed. The figures:
     * {@code threads} (configured workers), {@code threads.alive}, {@code workers.active} (running an
     * operation now), {@code queue.depth}, {@code queue.capacity}, {@code utilisation} (busy time /
     * (threads x wall time) since the pool started, 0 to 1), {@code utilisation.recent} and
     * {@code utilisation.window.ms} (the same over the recent window, see {@link UtilisationWindow}),
     * {@code rejected} (submissions answered "busy", EAGAIN), {@code completed} and {@code failed}
     * (operations the workers ran).
     */
    @Override
    public EngineHealth health() {
        UtilisationWindow.Reading utilisation = pool.utilisation();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("threads", pool.threads());
        figures.put("threads.alive", pool.threadsAlive());
        figures.put("workers.active", pool.activeWorkers());
        figures.put("queue.depth", pool.queueDepth());
        figures.put("queue.capacity", pool.capacity());
        figures.put("utilisation", rounded(utilisation.sinceStart()));
        figures.put("utilisation.recent", rounded(utilisation.recent()));
        figures.put("utilisation.window.ms", TimeUnit.NANOSECONDS.toMillis(utilisation.windowNanos()));
        figures.put("rejected", busyAnswers.get());
        figures.put("completed", completions.get());
        figures.put("failed", failures.get());
        if (closed) {
            return EngineHealth.failed("the pool engine is stopped (its bundle or component was deactivated, or it was closed)",
                    figures);
        }
        return EngineHealth.available(figures);
    }

    private static double rounded(double ratio) {
        return Math.round(ratio * 1000) / 1000.0;
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        return submit(request, () -> crypto.sign(request.algorithm(), request.parameters(), request.key(), request.data()));
    }

    @Override
    public CompletionStage<Boolean> verify(VerifyRequest request) {
        return submit(request, () -> crypto.verify(request.algorithm(), request.parameters(), request.key(),
                request.data(), request.signature()));
    }

    @Override
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        return submit(request, () -> crypto.agree(request.algorithm(), request.parameters(), request.privateKey(),
                request.peerKey()));
    }

    @Override
    public CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        return submit(request, () -> crypto.generateKeyPair(request.algorithm(), request.parameters(), request.keySize(),
                request.random()));
    }

    @Override
    public CompletionStage<byte[]> transform(AsymmetricCipherRequest request) {
        return submit(request, () -> crypto.transform(request.kind(), request.algorithm(), request.parameters(),
                request.key(), request.input()));
    }

    private <T> CompletionStage<T> submit(EngineRequest request, Work<T> work) {
        submissions.incrementAndGet();
        if (closed) {
            return CompletableFuture.failedFuture(new EngineUnavailableException(
                    "the pool engine is stopped; the operation goes to the next engine"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Operation<T> operation = new Operation<>(request.kind(), request.algorithm(), work, result);
        pending.add(result);
        if (!pool.offer(operation)) {
            pending.remove(result);
            if (closed || pool.isShutdown()) {
                return CompletableFuture.failedFuture(new EngineUnavailableException(
                        "the pool engine is stopped; the operation goes to the next engine"));
            }
            busyAnswers.incrementAndGet();
            return CompletableFuture.failedFuture(new EngineBusyException("the pool engine's queue is full ("
                    + pool.capacity() + " waiting for " + pool.threads() + " worker thread(s)): submit again later,"
                    + " or raise " + PoolSettings.PID + " threads or queue.capacity"));
        }
        result.whenComplete((value, error) -> {
            pending.remove(result);
            if (result.isCancelled()) {
                // the job gave up (closed, timed out): free its place in the queue if it has not started
                pool.remove(operation);
            }
        });
        return result;
    }

    /** One submitted operation, as a worker runs it. */
    private final class Operation<T> implements Runnable {
        private final OperationKind kind;
        private final String name;
        private final Work<T> work;
        private final CompletableFuture<T> result;

        Operation(OperationKind kind, String algorithm, Work<T> work, CompletableFuture<T> result) {
            this.kind = kind;
            this.name = kind + " " + algorithm;
            this.work = work;
            this.result = result;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return; // cancelled while it waited in the queue
            }
            T value = null;
            Throwable failure = null;
            pool.busy();
            try {
                value = work.run();
            } catch (GeneralSecurityException e) {
                // kept as it is: the router tells "declined" (InvalidKeyException, ...) from "failed" by type
                failure = e;
            } catch (RuntimeException | Error e) {
                failure = new EngineException("the pool engine's worker " + Thread.currentThread().getName()
                        + " failed " + name + ": " + e, e);
            } finally {
                // the bookkeeping is done before the result is handed out: a caller woken by it may
                // look at the figures at once, before this thread runs on
                pool.idle();
                pending.remove(result);
            }
            if (failure == null) {
                completions.incrementAndGet();
                completionsByKind.get(kind).increment();
                if (!result.complete(value)) {
                    // cancelled meanwhile: the caller got no result
                    completions.decrementAndGet();
                    completionsByKind.get(kind).decrement();
                }
                return;
            }
            if (closed && pool.workersInterrupted()) {
                // interrupted because the pool stopped before the operation could finish: another engine may
                failure = new EngineUnavailableException("the pool engine stopped while it ran " + name, failure);
            }
            failures.incrementAndGet();
            result.completeExceptionally(failure);
        }

        void abandon() {
            pending.remove(result);
            result.completeExceptionally(new EngineUnavailableException("the pool engine stopped before it ran " + name
                    + "; the operation goes to the next engine"));
        }
    }

    /**
     * Stops the engine: new submissions are answered "unavailable", queued operations still run for
     * up to {@link PoolSettings#drainMillis()}, then the rest fail with
     * {@link EngineUnavailableException} (so the router moves them to another engine) and the workers
     * are interrupted. Returns when every worker thread has ended (bounded).
     */
    @Override
    public void close() {
        closed = true;
        List<Runnable> neverRan = pool.shutdown(settings.drainMillis());
        for (Runnable task : neverRan) {
            if (task instanceof Operation<?> operation) {
                operation.abandon();
            }
        }
        for (CompletableFuture<?> left : pending) {
            // a worker that ignored its interrupt: its caller must not wait for it
            left.completeExceptionally(new EngineUnavailableException("the pool engine stopped"));
        }
    }
}
