package org.enginetls.pkcs11;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 * not lock it.
 *
 * <p>On a plain class path it is found with {@link java.util.ServiceLoader} and configured with system
 * properties; in OSGi {@link Pkcs11Component} creates it from Configuration Admin.
 */
public final class Pkcs11Engine implements CryptoEngine, AutoCloseable {

    /** The engine's condition: a logged-in token, or why there is none. */
    private sealed interface TokenState permits Open, Failed {
    }

    private record Open(TokenConnection connection) implements TokenState {
    }

    private record Failed(String reason, boolean retryable, long attemptNanos) implements TokenState {
    }

    /** A sign operation waiting for a pool thread; kept as such so that stopping can fail its stage. */
    private record Queued(CompletableFuture<?> result, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    private final ThreadPoolExecutor executor;
    private final Object connecting = new Object();
    private final AtomicLong signatures = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicBoolean reopening = new AtomicBoolean();
    private final TokenChecks checks;
    private final KeyStore keyStore;
    private volatile Pkcs11Settings settings;
    private volatile TokenState state;
    private volatile boolean closed;
    private volatile Map<String, TokenConnection.Entry> lastEntries = Map.of();

    /** A pkcs11 engine configured by system properties (for {@link java.util.ServiceLoader}). */
    public Pkcs11Engine() {
        this(Pkcs11Settings.fromSystemProperties());
    }

    /** Opens the token of {@code settings} now; a failure leaves the engine in the failed state, it never throws. */
    public Pkcs11Engine(Pkcs11Settings settings) {
        this.settings = settings;
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
                settings.queueSize() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queueSize()),
                Thread.ofPlatform().name("enginetls-pkcs11-", 0).daemon(true).factory());
        this.state = new Failed("not opened yet", true, System.nanoTime());
        synchronized (connecting) {
            reconnect();
        }
        this.keyStore = TokenKeyStoreSpi.keyStore(this);
        this.checks = settings.retryMillis() > 0 ? new TokenChecks(this, settings.retryMillis()) : null;
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public int ranking() {
        return settings.ranking();
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
        return settings;
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

    /**
     * The token's entries by alias: those of the open token, or while it is unavailable those it last
     * had, so that key managers keep choosing its keys and their signatures fail with the reason.
     */
    Map<String, TokenConnection.Entry> entries() {
        return state instanceof Open open ? open.connection().entries() : lastEntries;
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
        return state instanceof Open;
    }

    @Override
    public EngineHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        Pkcs11Settings current = settings;
        TokenState now = state;
        details.put("library", String.valueOf(current.library()));
        details.put("slot", current.slotDescription());
        now = now == null ? new Failed("not opened yet", true, 0) : now;
        if (now instanceof Open open) {
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
        if (now instanceof Failed failed) {
            if (dueForRetry(failed)) {
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
        if (closed || !reopening.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    synchronized (connecting) {
                        if (state instanceof Failed failed && dueForRetry(failed)) {
                            reconnect();
                        }
                    }
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
        if (closed) {
            return CompletableFuture.failedFuture(new EngineUnavailableException(id() + " is stopped"));
        }
        if (state instanceof Failed failed && !dueForRetry(failed)) {
            return CompletableFuture.failedFuture(unavailable(failed));
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        try {
            executor.execute(new Queued(result, () -> signOnPool(result, key, request)));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(executor.isShutdown()
                    ? new EngineUnavailableException(id() + " is stopped")
                    : new EngineBusyException(id() + ": " + settings.queueSize()
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
            TokenConnection connection = connection();
            TokenConnection.Entry entry = connection.entries().get(key.alias());
            if (entry == null) {
                throw unavailable(fail(keyGone(key.alias()), true));
            }
            byte[] signature = TokenSignatures.sign(connection.provider(), request.algorithm(), request.parameters(),
                    entry.tokenKey(), request.data());
            signatures.incrementAndGet();
            result.complete(signature);
        } catch (GeneralSecurityException | ProviderException e) {
            result.completeExceptionally(classify(e));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The open connection, opening the token again first if it failed and a retry is due. */
    private TokenConnection connection() throws EngineUnavailableException {
        TokenState now = state;
        if (now instanceof Open open) {
            return open.connection();
        }
        synchronized (connecting) {
            now = state;
            if (now instanceof Failed failed && dueForRetry(failed)) {
                now = reconnect();
            }
        }
        if (now instanceof Open open) {
            return open.connection();
        }
        throw unavailable((Failed) now);
    }

    /**
     * A failure that means the token (not the request) is in trouble puts the engine in the failed state
     * and becomes {@link EngineUnavailableException}; others are the request's own.
     */
    private GeneralSecurityException classify(Exception e) {
        if (e instanceof EngineUnavailableException unavailable) {
            return unavailable;
        }
        String chain = TokenConnection.causeChain(e);
        for (String code : TOKEN_TROUBLE) {
            if (chain.contains(code)) {
                Failed failed = fail(id() + ": " + settings.token() + " stopped working ("
                        + code + "): removed, re-initialised or logged out? " + TokenConnection.rootMessage(e), true);
                return new EngineUnavailableException(failed.reason(), e);
            }
        }
        return e instanceof GeneralSecurityException gse ? gse
                : new GeneralSecurityException(id() + ": " + TokenConnection.rootMessage(e), e);
    }

    private static final String[] TOKEN_TROUBLE = {"CKR_DEVICE_REMOVED", "CKR_TOKEN_NOT_PRESENT", "CKR_DEVICE_ERROR",
            "CKR_SESSION_HANDLE_INVALID", "CKR_SESSION_CLOSED", "CKR_USER_NOT_LOGGED_IN", "CKR_KEY_HANDLE_INVALID",
            "CKR_OBJECT_HANDLE_INVALID", "CKR_GENERAL_ERROR", "CKR_TOKEN_NOT_RECOGNIZED",
            "CKR_CRYPTOKI_NOT_INITIALIZED", "CKR_DEVICE_MEMORY"};

    /**
     * Checks the token now, on the engine's pool: an open token must still hold every key it had; a
     * failed one is opened again if a retry is due. Completes with the resulting health.
     */
    public CompletionStage<EngineHealth> checkToken() {
        CompletableFuture<EngineHealth> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                synchronized (connecting) {
                    TokenState now = state;
                    if (now instanceof Open open) {
                        verify(open.connection());
                    } else if (now instanceof Failed failed && dueForRetry(failed)) {
                        reconnect();
                    }
                }
                result.complete(health());
            });
        } catch (RejectedExecutionException e) {
            result.complete(health());
        }
        return result;
    }

    private void verify(TokenConnection connection) {
        try {
            String missing = connection.missingKeys(settings);
            if (missing != null) {
                fail(keyGone(missing), true);
            }
        } catch (TokenException e) {
            fail(id() + ": " + e.getMessage(), e.retryable());
        }
    }

    private String keyGone(String alias) {
        return id() + ": key '" + alias + "' is no longer in " + settings.token()
                + " (removed or re-initialised?); restore the token or its keys";
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
        synchronized (connecting) {
            if (!sameToken(settings, newSettings)) {
                lastEntries = Map.of(); // another token: the keys offered so far are not expected there
            }
            settings = newSettings;
            if (newSettings.threads() > executor.getMaximumPoolSize()) {
                executor.setMaximumPoolSize(newSettings.threads());
                executor.setCorePoolSize(newSettings.threads());
            } else {
                executor.setCorePoolSize(newSettings.threads());
                executor.setMaximumPoolSize(newSettings.threads());
            }
            reconnect();
        }
    }

    private static boolean sameToken(Pkcs11Settings a, Pkcs11Settings b) {
        return Objects.equals(a.slot(), b.slot()) && Objects.equals(a.slotIndex(), b.slotIndex())
                && Objects.equals(a.tokenLabel(), b.tokenLabel());
    }

    /** Called holding {@link #connecting}. */
    private TokenState reconnect() {
        TokenState previous = state;
        if (previous instanceof Open open) {
            open.connection().close();
        }
        TokenState next;
        try {
            TokenConnection connection = TokenConnection.open(settings);
            String missing = missing(lastEntries, connection.entries());
            if (missing != null) {
                // key managers hold handles to the keys offered before: the token is not usable until they are back
                connection.close();
                next = new Failed(keyGone(missing), true, System.nanoTime());
            } else {
                lastEntries = connection.entries();
                next = new Open(connection);
            }
        } catch (TokenException e) {
            next = new Failed(id() + ": " + e.getMessage(), e.retryable(), System.nanoTime());
        } catch (RuntimeException e) {
            next = new Failed(id() + ": cannot open the token: " + e, true, System.nanoTime());
        }
        state = next;
        return next;
    }

    private static String missing(Map<String, TokenConnection.Entry> offered, Map<String, TokenConnection.Entry> found) {
        for (String alias : offered.keySet()) {
            if (!found.containsKey(alias)) {
                return alias;
            }
        }
        return null;
    }

    private Failed fail(String reason, boolean retryable) {
        synchronized (connecting) {
            if (state instanceof Open open) {
                open.connection().close();
            }
            Failed failed = new Failed(reason, retryable, System.nanoTime());
            state = failed;
            return failed;
        }
    }

    private boolean dueForRetry(Failed failed) {
        return !closed && failed.retryable()
                && System.nanoTime() - failed.attemptNanos() >= TimeUnit.MILLISECONDS.toNanos(settings.retryMillis());
    }

    private EngineUnavailableException unavailable(Failed failed) {
        return new EngineUnavailableException(failed.reason()
                + (failed.retryable() ? "" : " [not retried until the configuration changes]"));
    }

    /** Stops the engine: waiting operations fail with "unavailable", the token session is logged out. */
    @Override
    public void close() {
        closed = true;
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
        synchronized (connecting) {
            if (state instanceof Open open) {
                open.connection().close();
            }
            state = new Failed(id() + " is stopped", false, System.nanoTime());
        }
    }
}
