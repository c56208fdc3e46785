package org.enginetls.pkcs11;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.EngineUnavailableException;

/**
 * The engine's session with its token over time: it opens and logs in (a {@link TokenConnection}),
 * notices when the token stops working, opens it again when a retry is due and after a new
 * configuration, and logs out when stopped. It is {@link Open} or {@link Failed} with the reason.
 *
 * <p>A retry is due {@code retry.ms} after the last attempt; a rejected PIN is never due (only a new
 * configuration tries it again), so the token does not lock it. Reopening checks that the token still
 * holds every key offered so far, because key managers keep handles to them.
 *
 * <p>Opening, failing and closing are serialised on one lock; PKCS#11 calls block, so callers make them
 * on the engine's pool. Reads of the state take no lock.
 */
final class TokenSession implements AutoCloseable {

    /** The session's condition: a logged-in token, or why there is none. */
    sealed interface State permits Open, Failed {
    }

    record Open(TokenConnection connection) implements State {
    }

    /** No usable token: {@code reason} says why; {@code retryable} is false for a rejected PIN and once stopped. */
    record Failed(String reason, boolean retryable, long attemptNanos) implements State {

        /** What an operation that needs the token fails with. */
        EngineUnavailableException unavailable() {
            return new EngineUnavailableException(reason + (retryable ? "" : " [not retried until the configuration changes]"));
        }
    }

    /** PKCS#11 return codes that mean the token, not the request, is in trouble. */
    private static final String[] TOKEN_TROUBLE = {"CKR_DEVICE_REMOVED", "CKR_TOKEN_NOT_PRESENT", "CKR_DEVICE_ERROR",
            "CKR_SESSION_HANDLE_INVALID", "CKR_SESSION_CLOSED", "CKR_USER_NOT_LOGGED_IN", "CKR_KEY_HANDLE_INVALID",
            "CKR_OBJECT_HANDLE_INVALID", "CKR_GENERAL_ERROR", "CKR_TOKEN_NOT_RECOGNIZED",
            "CKR_CRYPTOKI_NOT_INITIALIZED", "CKR_DEVICE_MEMORY"};

    private final Object connecting = new Object();
    private volatile Pkcs11Settings settings;
    private volatile State state;
    private volatile boolean stopped;
    /** The keys offered so far: those of the open token, or the last it had. */
    private volatile Map<String, TokenConnection.Entry> lastEntries = Map.of();

    /** Opens the token of {@code settings} now; a failure leaves the session failed, it never throws. */
    TokenSession(Pkcs11Settings settings) {
        this.settings = settings;
        synchronized (connecting) {
            reconnect();
        }
    }

    Pkcs11Settings settings() {
        return settings;
    }

    State state() {
        return state;
    }

    boolean isOpen() {
        return state instanceof Open;
    }

    /** Whether {@link #stop()} was called: nothing is opened any more. */
    boolean stopped() {
        return stopped;
    }

    /**
     * The token's entries by alias: those of the open token, or while it is unavailable those it last
     * had, so that key managers keep choosing its keys and their signatures fail with the reason.
     */
    Map<String, TokenConnection.Entry> entries() {
        return state instanceof Open open ? open.connection().entries() : lastEntries;
    }

    /** Whether opening the failed token again may be tried now. */
    boolean dueForRetry(Failed failed) {
        return !stopped && failed.retryable()
                && System.nanoTime() - failed.attemptNanos() >= TimeUnit.MILLISECONDS.toNanos(settings.retryMillis());
    }

    /** The open connection, opening the token again first if it failed and a retry is due. Blocks. */
    TokenConnection connection() throws EngineUnavailableException {
        State now = state;
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
        throw ((Failed) now).unavailable();
    }

    /** Opens the failed token again if a retry is due. Blocks. */
    void reopenIfDue() {
        synchronized (connecting) {
            if (state instanceof Failed failed && dueForRetry(failed)) {
                reconnect();
            }
        }
    }

    /** Checks the token now: an open one must still hold every key it had; a failed one is opened again if due. Blocks. */
    void check() {
        synchronized (connecting) {
            if (state instanceof Open open) {
                verify(open.connection());
            } else if (state instanceof Failed failed && dueForRetry(failed)) {
                reconnect();
            }
        }
    }

    private void verify(TokenConnection connection) {
        try {
            String missing = connection.missingKeys(settings);
            if (missing != null) {
                fail(keyGone(missing), true);
            }
        } catch (TokenException e) {
            fail(settings.id() + ": " + e.getMessage(), e.retryable());
        }
    }

    /** The token no longer holds the key {@code alias} although it was offered: the session fails. */
    EngineUnavailableException keyMissing(String alias) {
        return fail(keyGone(alias), true).unavailable();
    }

    /**
     * A failure that means the token (not the request) is in trouble fails the session and becomes
     * {@link EngineUnavailableException}; others are the request's own.
     */
    GeneralSecurityException classify(Exception e) {
        if (e instanceof EngineUnavailableException unavailable) {
            return unavailable;
        }
        String chain = TokenConnection.causeChain(e);
        for (String code : TOKEN_TROUBLE) {
            if (chain.contains(code)) {
                Failed failed = fail(settings.id() + ": " + settings.token() + " stopped working ("
                        + code + "): removed, re-initialised or logged out? " + TokenConnection.rootMessage(e), true);
                return new EngineUnavailableException(failed.reason(), e);
            }
        }
        return e instanceof GeneralSecurityException gse ? gse
                : new GeneralSecurityException(settings.id() + ": " + TokenConnection.rootMessage(e), e);
    }

    private String keyGone(String alias) {
        return settings.id() + ": key '" + alias + "' is no longer in " + settings.token()
                + " (removed or re-initialised?); restore the token or its keys";
    }

    /**
     * Opens the token with new settings (a corrected PIN or library path, another slot), dropping the
     * current login; the keys already offered stay valid when the new token holds the same aliases. Blocks.
     */
    void reconfigure(Pkcs11Settings newSettings) {
        synchronized (connecting) {
            if (!sameToken(settings, newSettings)) {
                lastEntries = Map.of(); // another token: the keys offered so far are not expected there
            }
            settings = newSettings;
            reconnect();
        }
    }

    private static boolean sameToken(Pkcs11Settings a, Pkcs11Settings b) {
        return Objects.equals(a.slot(), b.slot()) && Objects.equals(a.slotIndex(), b.slotIndex())
                && Objects.equals(a.tokenLabel(), b.tokenLabel());
    }

    /** Called holding {@link #connecting}. */
    private State reconnect() {
        if (state instanceof Open open) {
            open.connection().close();
        }
        State next;
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
            next = new Failed(settings.id() + ": " + e.getMessage(), e.retryable(), System.nanoTime());
        } catch (RuntimeException e) {
            next = new Failed(settings.id() + ": cannot open the token: " + e, true, System.nanoTime());
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

    /**
     * Opens nothing from now on. Operations already on the token go on: {@link #close()} logs out
     * once they are done.
     */
    void stop() {
        stopped = true;
    }

    /** Stops the session and logs out of the token. */
    @Override
    public void close() {
        stop();
        synchronized (connecting) {
            if (state instanceof Open open) {
                open.connection().close();
            }
            state = new Failed(settings.id() + " is stopped", false, System.nanoTime());
        }
    }
}
