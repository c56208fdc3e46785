package org.enginetls.pkcs11;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.SignRequest;

/**
 * An HSM engine over the JDK's SunPKCS11 provider: it signs with private keys that stay inside a
 * PKCS#11 token. Applications reach the keys through {@link #keyStore()}, whose private keys are
 * {@link TokenKey} handles; EngineTLS routes every signature with such a handle to this engine.
 *
 * <p>PKCS#11 calls block, so they run on the engine's own small pool ({@code threads}); the stages it
 * returns complete from there. When {@code queue.size} operations already wait, a submission is
 * answered "busy" (EAGAIN).
 *
 * <p>A token that cannot be used (wrong PIN, missing library, token absent, removed or re-initialised)
 * puts the engine in a failed state: {@link #health()} says why, operations fail at once with
 * {@link EngineUnavailableException}. The token is opened again on the next use at most once per
 * {@code retry.ms} (and, when {@code retry.ms} is positive, by a check every {@code retry.ms}); a
 * rejected PIN is only tried again after {@link #reconfigure} (a new configuration), so the token does
 * not lock it. That lifecycle is the {@link TokenSession}'s; this class runs the operations on the pool.
 *
 * <p>On a plain class path it is found with {@link java.util.ServiceLoader} and configured with system
 * properties; in OSGi {@link Pkcs11Component} creates it from Configuration Admin.
 */
public final class Pkcs11Engine implements CryptoEngine, AutoCloseable {

    /** A sign operation waiting for a pool thread; kept as such so that stopping can fail its stage. */
    private record Queued(CompletableFuture<?> result, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    private final ThreadPoolExecutor executor;
    private final Object reconfiguring = new Object();
    private final AtomicLong signatures = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicBoolean reopening = new AtomicBoolean();
    private final TokenSession session;
    private final TokenChecks checks;
    private final KeyStore keyStore;

    /** A pkcs11 engine configured by system properties (for {@link java.util.ServiceLoader}). */
    public Pkcs11Engine() {
        this(Pkcs11Settings.fromSystemProperties());
    }

    /** Opens the token of {@code settings} now; a failure leaves the engine in the failed state, it never throws. */
    public Pkcs11Engine(Pkcs11Settings settings) {
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
                settings.queueSize() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queueSize()),
                Thread.ofPlatform().name("enginetls-pkcs11-", 0).daemon(true).factory());
        this.session = new TokenSession(settings);
        this.keyStore = TokenKeyStoreSpi.keyStore(session);
        this.checks = settings.retryMillis() > 0 ? new TokenChecks(this, settings.retryMillis()) : null;
    }

    @Override
    public String id() {
        return session.settings().id();
    }

    @Override
    public int ranking() {
        return session.settings().ranking();
    }

    @Override
    public EngineCapabilities capabilities() {
        return TokenSignatures.CAPABILITIES;
    }

    /** Only this engine's own token keys: portable keys are better signed in software. */
    @Override
    public boolean accepts(Key key) {
        return key instanceof TokenKey tokenKey && tokenKey.engineId().equals(id());
    }

    public Pkcs11Settings settings() {
        return session.settings();
    }

    /**
     * The token's keys as a {@code KeyStore} (type {@value TokenKeyStoreSpi#TYPE}, already loaded): its
     * private keys are {@link TokenKey} handles, its certificate chains those stored in the token. It is
     * read-only; put keys in the token with the token's own tools or SunPKCS11.
     */
    @Override
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The pool that makes the PKCS#11 calls (tests occupy it to stand for a slow token). */
    ThreadPoolExecutor pool() {
        return executor;
    }

    /** Signatures the token made for this engine. */
    public long signatures() {
        return signatures.get();
    }

    /** Whether the token is open and logged in now. */
    public boolean available() {
        return session.isOpen();
    }

    @Override
    public EngineHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        Pkcs11Settings current = session.settings();
        TokenSession.State now = session.state();
        details.put("library", String.valueOf(current.library()));
        details.put("slot", current.slotDescription());
        if (now instanceof TokenSession.Open open) {
            if (open.connection().label() != null) {
                details.put("token.label", open.connection().label());
            }
            if (open.connection().slotId() != null) {
                details.put("slot.id", open.connection().slotId());
            }
            details.put("keys", open.connection().entries().size());
        } else {
            details.put("keys", 0);
        }
        details.put("signatures", signatures.get());
        details.put("queue.depth", executor.getQueue().size());
        details.put("in.flight", inFlight.get());
        if (now instanceof TokenSession.Failed failed) {
            if (session.dueForRetry(failed)) {
                reopenSoon();
            }
            return EngineHealth.failed(failed.reason(), details);
        }
        return EngineHealth.available(details);
    }

    /**
     * Starts an attempt to open the failed token on the engine's pool and returns at once. EngineTLS
     * skips a failed engine and re-asks its health from time to time (when operations arrive, and on
     * status reads): this is how such an ask becomes the "next use" that opens the token again.
     */
    private void reopenSoon() {
        if (session.stopped() || !reopening.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    session.reopenIfDue();
                } finally {
                    reopening.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            reopening.set(false); // busy or stopped: a later ask tries again
        }
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        if (!(request.key() instanceof TokenKey key) || !accepts(key)) {
            return CompletableFuture.failedFuture(new InvalidKeyException(id() + " signs only with its own token keys"));
        }
        if (session.stopped()) {
            return CompletableFuture.failedFuture(new EngineUnavailableException(id() + " is stopped"));
        }
        if (session.state() instanceof TokenSession.Failed failed && !session.dueForRetry(failed)) {
            return CompletableFuture.failedFuture(failed.unavailable());
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        try {
            executor.execute(new Queued(result, () -> signOnPool(result, key, request)));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(executor.isShutdown()
                    ? new EngineUnavailableException(id() + " is stopped")
                    : new EngineBusyException(id() + ": " + session.settings().queueSize()
                            + " operations already wait for the token (queue.size)"));
        }
        return result;
    }

    private void signOnPool(CompletableFuture<byte[]> result, TokenKey key, SignRequest request) {
        if (result.isDone()) {
            return; // cancelled while queued: the token is not asked
        }
        inFlight.incrementAndGet();
        try {
            TokenConnection connection = session.connection();
            TokenConnection.Entry entry = connection.entries().get(key.alias());
            if (entry == null) {
                throw session.keyMissing(key.alias());
            }
            byte[] signature = TokenSignatures.sign(connection.provider(), request.algorithm(), request.parameters(),
                    entry.tokenKey(), request.data());
            signatures.incrementAndGet();
            result.complete(signature);
        } catch (GeneralSecurityException | ProviderException e) {
            result.completeExceptionally(session.classify(e));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Checks the token now, on the engine's pool: an open token must still hold every key it had; a
     * failed one is opened again if a retry is due. Completes with the resulting health.
     */
    public CompletionStage<EngineHealth> checkToken() {
        CompletableFuture<EngineHealth> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                session.check();
                result.complete(health());
            });
        } catch (RejectedExecutionException e) {
            result.complete(health());
        }
        return result;
    }

    /**
     * Opens the token with new settings (a corrected PIN or library path, another slot), dropping the
     * current session; the keys already handed out stay valid when the new token holds the same aliases.
     * The pool's size follows {@code threads}; {@code queue.size} keeps its first value.
     */
    public void reconfigure(Pkcs11Settings newSettings) {
        if (!newSettings.id().equals(id())) {
            throw new IllegalArgumentException("the engine id cannot change: " + id() + " -> " + newSettings.id());
        }
        synchronized (reconfiguring) {
            if (newSettings.threads() > executor.getMaximumPoolSize()) {
                executor.setMaximumPoolSize(newSettings.threads());
                executor.setCorePoolSize(newSettings.threads());
            } else {
                executor.setCorePoolSize(newSettings.threads());
                executor.setMaximumPoolSize(newSettings.threads());
            }
            session.reconfigure(newSettings);
        }
    }

    /** Stops the engine: waiting operations fail with "unavailable", the token session is logged out. */
    @Override
    public void close() {
        session.stop();
        if (checks != null) {
            checks.close();
        }
        for (Runnable waiting : executor.shutdownNow()) {
            // queued operations never ran: fail them now rather than leave their callers to time out
            if (waiting instanceof Queued queued) {
                queued.result().completeExceptionally(new EngineUnavailableException(id() + " stopped"));
            }
        }
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close(); // after the pool: operations already on the token finish before the logout
    }
}
