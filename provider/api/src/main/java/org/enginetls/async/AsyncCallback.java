package org.enginetls.async;

import javax.net.ssl.SSLEngine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells the application that a paused {@link AsyncSSLEngine} can make progress &mdash; OpenSSL's
 * {@code SSL_async_callback_fn}.
 *
 * <p>It is invoked once per notification on the thread that completed the engine operation (an
 * engine's own thread) &mdash; or, when the operation completed (or was refused as busy) while the
 * application was inside {@code wrap}, {@code unwrap} or {@code beginHandshake} of this engine, on the
 * application's thread just before that call returns, so that a callback never runs while the
 * engine's lock is held. It must be short and must not block: typically it queues the engine for the
 * application's event loop and wakes the loop. It should not call {@code wrap}, {@code unwrap} or
 * {@code beginHandshake} itself.
 */
@ConsumerType
@FunctionalInterface
public interface AsyncCallback {

    /**
     * Called when the job of {@code engine} can be resumed: its operation completed (status
     * {@link AsyncStatus#OK} or {@link AsyncStatus#ERR}) or must be resubmitted ({@link AsyncStatus#EAGAIN}).
     *
     * @param engine the engine whose job waits
     * @param arg the argument set with {@code setAsyncCallbackArg}, or {@code null}
     * @return {@code true} if the notification was taken; {@code false} reports an error, which
     *         EngineTLS records (the engine itself carries on)
     */
    boolean onAsyncReady(SSLEngine engine, Object arg);
}
