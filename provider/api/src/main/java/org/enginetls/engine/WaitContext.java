package org.enginetls.engine;

import org.enginetls.async.AsyncStatus;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's view of the job that waits for an operation &mdash; OpenSSL's {@code ASYNC_WAIT_CTX}.
 *
 * <p>EngineTLS derives the status from the operation's stage on its own: a stage that is not yet
 * complete means {@link AsyncStatus#OK}, one failed with {@link EngineBusyException} means
 * {@link AsyncStatus#EAGAIN}, any other failure {@link AsyncStatus#ERR}; completion wakes the
 * application. An engine that knows more can say so earlier, as OpenSSL engines do with
 * {@code ASYNC_WAIT_CTX_set_status}: for example report {@code EAGAIN} and {@link #wake()} the
 * application while it retries a busy device itself. Each request has a wait context of its own;
 * what an engine says through it once the operation has completed, timed out or been cancelled is
 * ignored.
 */
@ProviderType
public interface WaitContext {

    /**
     * Whether a paused job waits for this operation (the caller runs in async mode). When
     * {@code false} the caller blocks until the stage completes, and statuses have no reader.
     */
    boolean isAsync();

    /** Sets the status the application reads with {@code getAsyncStatus()}. */
    void setStatus(AsyncStatus status);

    /** Invokes the application's async callback now (at most once per call of this method). */
    void wake();
}
