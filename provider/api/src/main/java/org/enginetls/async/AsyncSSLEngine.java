package org.enginetls.async;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The async extension every {@link javax.net.ssl.SSLEngine} created by EngineTLS implements: the port
 * of OpenSSL's {@code SSL_MODE_ASYNC} with {@code SSL_set_async_callback}. Obtain it with
 * {@code (AsyncSSLEngine) sslContext.createSSLEngine()}.
 *
 * <h2>Contract</h2>
 * <ol>
 * <li>Async mode is off by default (unless the engine was created by an {@link AsyncSSLContext} with
 * async mode on). Without it every engine operation completes before {@code wrap}/{@code unwrap}
 * return, or inside a delegated task.</li>
 * <li>In async mode, {@code beginHandshake}, {@code wrap} and {@code unwrap} run the engine work they
 * trigger as a <em>job</em>. A job that must wait for an engine is paused: the call returns
 * {@code Status.OK} with {@code HandshakeStatus.NEED_TASK}, honest {@code bytesConsumed} and
 * {@code bytesProduced} (input that was taken stays taken; the caller's buffers are never lent to a
 * paused job), and {@link #isWaitingForAsync()} is {@code true}. {@code getDelegatedTask()} returns
 * {@code null} while a job waits: there is nothing for the application to run.</li>
 * <li>While a job waits, {@link #getAsyncStatus()} says why ({@link AsyncStatus}).</li>
 * <li>The engine's completion invokes the callback once, with this engine and the argument, on the
 * engine's thread (or, if it happened while the application was inside a call of this engine, on the
 * application's thread as that call returns). After {@code EAGAIN} the callback is invoked too. A
 * callback that throws or returns {@code false} is recorded and otherwise ignored. The stage of
 * {@link #asyncReady()} completes after the callback has run.</li>
 * <li>The application resumes by calling {@code wrap}, {@code unwrap} or {@code beginHandshake}
 * again (any of them); the job continues on behalf of that call. A resume before the operation
 * completed pauses again.</li>
 * <li>After {@code ERR} the next call throws an {@link javax.net.ssl.SSLException} and a fatal alert is
 * queued for the peer (the following {@code wrap} produces it).</li>
 * <li>{@code closeInbound}, {@code closeOutbound}, or abandoning the engine while a job waits cancels
 * the job: nothing is left running and a late completion is ignored.</li>
 * <li>A callback or argument set or cleared at any time takes effect for the next notification.</li>
 * </ol>
 *
 * <h2>Choices the contract leaves open</h2>
 * <ul>
 * <li>Jobs are the handshake steps only (the {@code unwrap} of one handshake record, a client's first
 * flight); application data is encrypted and decrypted inside {@code wrap}/{@code unwrap} without a
 * job. A paused {@code unwrap} has taken exactly one record from the source buffer.</li>
 * <li>The resuming call reports the job's outcome: an {@code unwrap} gets the plaintext, if any; a
 * {@code wrap} goes on to produce what the job queued for the peer.</li>
 * <li>While a job waits, the engine's getters answer as the engine was when the job started, and
 * setters throw {@link IllegalStateException}: the job holds the TLS state until it is resumed.</li>
 * <li>An operation whose engine leaves, or declines it, moves to the next engine without a
 * notification; a job that thus finishes by itself notifies once.</li>
 * <li>A failure reported as {@link AsyncStatus#ERR} is final for the handshake: it is not retried on
 * another engine. An operation that never completes is failed after the provider's operation
 * timeout (5 s by default) with {@code ERR}.</li>
 * <li>After {@code EAGAIN}, each resume resubmits; after 1,000 consecutive busy answers the
 * operation moves to the next engine or fails.</li>
 * </ul>
 */
@ProviderType
public interface AsyncSSLEngine {

    /** Turns async mode on or off ({@code SSL_MODE_ASYNC}). Takes effect for the next call. */
    void setAsyncMode(boolean asyncMode);

    /** Whether async mode is on. */
    boolean isAsyncMode();

    /** Sets (or clears, with {@code null}) the callback ({@code SSL_set_async_callback}). */
    void setAsyncCallback(AsyncCallback callback);

    /** The current callback, or {@code null}. */
    AsyncCallback getAsyncCallback();

    /** Sets the argument passed to the callback ({@code SSL_set_async_callback_arg}). */
    void setAsyncCallbackArg(Object arg);

    /** The current callback argument, or {@code null}. */
    Object getAsyncCallbackArg();

    /** Why the current job waits, or how the last one ended ({@code SSL_get_async_status}). */
    AsyncStatus getAsyncStatus();

    /** Whether a paused job waits for an engine ({@code SSL_waiting_for_async}). */
    boolean isWaitingForAsync();

    /**
     * A stage that completes, with the status, when the waiting job can be resumed; already complete
     * (with the current status) when no job waits. For reactive callers that prefer a future to a
     * callback ({@code SSL_get_all_async_fds}).
     */
    CompletionStage<AsyncStatus> asyncReady();
}
