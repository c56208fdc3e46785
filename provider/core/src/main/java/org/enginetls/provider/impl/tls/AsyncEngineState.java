package org.enginetls.provider.impl.tls;

import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncStatus;
import org.enginetls.provider.impl.async.JobListener;

/**
 * The async settings and status of one SSL engine, and the notifications its paused job sends
 * &mdash; OpenSSL's {@code ASYNC_WAIT_CTX} as the application sees it.
 *
 * <p>The engine is held weakly: a paused job (whose thread references this object) must not keep an
 * abandoned engine reachable, so that the engine's cleaner can cancel the job.
 */
final class AsyncEngineState implements JobListener {

    private static final System.Logger LOG = System.getLogger(AsyncEngineState.class.getName());

    private final WeakReference<SSLEngine> engine;
    private volatile boolean asyncMode;
    private volatile AsyncCallback callback;
    private volatile Object callbackArg;
    private volatile AsyncStatus status = AsyncStatus.UNSUPPORTED;
    private final AtomicLong callbackFailures = new AtomicLong();
    private CompletableFuture<AsyncStatus> ready = CompletableFuture.completedFuture(AsyncStatus.UNSUPPORTED);
    /** Application calls inside wrap, unwrap or beginHandshake (which may hold the engine's lock). */
    private int callsInside;
    /** A wake that came while the application was inside a call, delivered when the call ends. */
    private boolean wakeDeferred;

    AsyncEngineState(SSLEngine engine, AsyncDefaults defaults) {
        this.engine = new WeakReference<>(engine);
        this.asyncMode = defaults.asyncMode();
        this.callback = defaults.callback();
        this.callbackArg = defaults.callbackArg();
    }

    boolean asyncMode() {
        return asyncMode;
    }

    void asyncMode(boolean asyncMode) {
        this.asyncMode = asyncMode;
    }

    AsyncCallback callback() {
        return callback;
    }

    void callback(AsyncCallback callback) {
        this.callback = callback;
    }

    Object callbackArg() {
        return callbackArg;
    }

    void callbackArg(Object arg) {
        this.callbackArg = arg;
    }

    AsyncStatus status() {
        return status;
    }

    /** Callbacks that threw or returned {@code false} so far. */
    long callbackFailures() {
        return callbackFailures.get();
    }

    /** A job is about to pause: {@link #asyncReady()} now returns a stage that the next wake completes. */
    synchronized void pausing() {
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
    }

    synchronized CompletionStage<AsyncStatus> asyncReady(boolean waiting) {
        return waiting ? ready.minimalCompletionStage() : CompletableFuture.completedStage(status);
    }

    @Override
    public void setStatus(AsyncStatus status) {
        this.status = status;
    }

    /** The application enters a call that may start or resume a job. */
    synchronized void enterCall() {
        callsInside++;
    }

    /**
     * The application's call has returned its engine lock. A wake that came during the call (an
     * operation completed, or was busy, while the call waited for the job) is delivered now, on the
     * application's thread, so that a callback never runs while that lock is held: a callback that
     * asks the engine anything would otherwise wait for the call it interrupted.
     */
    void exitCall() {
        boolean deferred;
        synchronized (this) {
            callsInside--;
            deferred = wakeDeferred && callsInside == 0;
            if (deferred) {
                wakeDeferred = false;
            }
        }
        if (deferred) {
            wake();
        }
    }

    @Override
    public void wake() {
        synchronized (this) {
            if (callsInside > 0) {
                wakeDeferred = true;
                return;
            }
        }
        notifyCallback();
        CompletableFuture<AsyncStatus> toComplete;
        synchronized (this) {
            toComplete = ready;
        }
        // after the callback, so that whoever waits on asyncReady() also sees what the callback did
        toComplete.complete(status);
    }

    private void notifyCallback() {
        AsyncCallback current = callback;
        SSLEngine target = engine.get();
        if (current == null || target == null) {
            return;
        }
        try {
            if (!current.onAsyncReady(target, callbackArg)) {
                recordCallbackFailure("returned false", null);
            }
        } catch (RuntimeException | Error e) {
            // the callback runs on an engine's thread: it must never break that thread
            recordCallbackFailure("threw " + e, e);
        }
    }

    private void recordCallbackFailure(String what, Throwable cause) {
        callbackFailures.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "EngineTLS async callback " + what, cause);
    }

    /** The context-wide defaults an engine copies when it is created. */
    record AsyncDefaults(boolean asyncMode, AsyncCallback callback, Object callbackArg) {
        static final AsyncDefaults NONE = new AsyncDefaults(false, null, null);

        AsyncDefaults withAsyncMode(boolean mode) {
            return new AsyncDefaults(mode, callback, callbackArg);
        }

        AsyncDefaults withCallback(AsyncCallback newCallback) {
            return new AsyncDefaults(asyncMode, newCallback, callbackArg);
        }

        AsyncDefaults withCallbackArg(Object arg) {
            return new AsyncDefaults(asyncMode, callback, arg);
        }
    }
}
