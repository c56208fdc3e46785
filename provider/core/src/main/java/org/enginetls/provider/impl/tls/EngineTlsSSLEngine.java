package org.enginetls.provider.impl.tls;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.async.AsyncStatus;
import org.enginetls.provider.impl.ProviderCore;

/**
 * The {@link SSLEngine} EngineTLS hands out: BouncyCastle's engine, which speaks the protocol, seen
 * through the boundary at which EngineTLS schedules engine work ({@code beginHandshake},
 * {@code wrap}, {@code unwrap}; see {@link HandshakeScheduler}), with OpenSSL's async mode
 * ({@link AsyncSSLEngine}). Callbacks that receive an engine (the ALPN selector, the async callback)
 * receive this one, so applications never meet the inner engine.
 */
public final class EngineTlsSSLEngine extends SSLEngine implements AsyncSSLEngine {

    private final SSLEngine tls;
    private final EngineView.Live live;
    private final AsyncEngineState async;
    private final HandshakeScheduler scheduler;
    private final ServerKeySearches searches;
    private BiFunction<SSLEngine, List<String>, String> applicationProtocolSelector;

    EngineTlsSSLEngine(SSLEngine tls, ProviderCore core, AsyncEngineState.AsyncDefaults defaults,
            ServerKeySearches searches) {
        super(tls.getPeerHost(), tls.getPeerPort());
        this.tls = tls;
        this.live = new EngineView.Live(tls);
        this.async = new AsyncEngineState(this, defaults);
        this.scheduler = new HandshakeScheduler(this, tls, async, core.jobs(), core.settings().delegatedTasks());
        this.searches = searches;
    }

    /** One call into the scheduler, with async notifications held back until its lock is released. */
    @FunctionalInterface
    private interface SchedulerCall<T> {
        T run() throws SSLException;
    }

    private <T> T call(SchedulerCall<T> work) throws SSLException {
        async.enterCall();
        try {
            return work.run();
        } catch (SSLException e) {
            throw searches.explain(tls, e);
        } finally {
            async.exitCall();
        }
    }

    @Override
    public void beginHandshake() throws SSLException {
        call(() -> {
            scheduler.beginHandshake();
            return null;
        });
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        return call(() -> scheduler.wrap(new ByteBuffer[] {src}, 0, 1, dst));
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuffer dst) throws SSLException {
        return call(() -> scheduler.wrap(srcs, 0, srcs.length, dst));
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        return call(() -> scheduler.wrap(srcs, offset, length, dst));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        return call(() -> scheduler.unwrap(src, new ByteBuffer[] {dst}, 0, 1));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts) throws SSLException {
        return call(() -> scheduler.unwrap(src, dsts, 0, dsts.length));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        return call(() -> scheduler.unwrap(src, dsts, offset, length));
    }

    @Override
    public Runnable getDelegatedTask() {
        return scheduler.delegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        scheduler.cancel();
        try {
            tls.closeInbound();
        } catch (SSLException e) {
            // BouncyCastle refuses a close in mid-handshake but leaves the connection open, so a
            // caller that waits for isInboundDone() would wait forever. The peer is gone: close
            // our side too (BouncyCastle then queues user_canceled and close_notify for wrap).
            if (!tls.isInboundDone()) {
                tls.closeOutbound();
            }
            throw e;
        }
    }

    @Override
    public boolean isInboundDone() {
        // a handshake paused in a job is done in neither direction, and BCJSSE's lock is the job's
        return !scheduler.waitingForAsync() && tls.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        scheduler.cancel();
        tls.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return !scheduler.waitingForAsync() && tls.isOutboundDone();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return scheduler.handshakeStatus();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return view().supportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return view().enabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        refuseWhilePaused("the enabled cipher suites");
        tls.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return view().supportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return view().enabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        refuseWhilePaused("the enabled protocols");
        tls.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        // event loops size their buffers from it on the thread that must resume the job
        return view().session();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return view().handshakeSession();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        refuseWhilePaused("the client mode");
        tls.setUseClientMode(mode);
        JdkTlsPolicy.jvm().applyTo(tls);
    }

    @Override
    public boolean getUseClientMode() {
        return view().useClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        refuseWhilePaused("client authentication");
        tls.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return view().needClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        refuseWhilePaused("client authentication");
        tls.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return view().wantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        refuseWhilePaused("session creation");
        tls.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return view().enableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return view().sslParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        refuseWhilePaused("the SSL parameters");
        tls.setSSLParameters(params);
        // the JDK's policy holds whatever the application sets, as under SunJSSE
        JdkTlsPolicy.jvm().applyTo(tls);
    }

    @Override
    public String getApplicationProtocol() {
        return view().applicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return view().handshakeApplicationProtocol();
    }

    @Override
    public synchronized void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        refuseWhilePaused("the application protocol selector");
        applicationProtocolSelector = selector;
        // weakly: the inner engine outlives this one while a paused job holds it
        WeakReference<SSLEngine> self = new WeakReference<>(this);
        tls.setHandshakeApplicationProtocolSelector(
                selector == null ? null : (inner, protocols) -> selector.apply(self.get(), protocols));
    }

    @Override
    public synchronized BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return applicationProtocolSelector;
    }

    /**
     * What the getters answer now: BCJSSE itself, or the paused view while a job holds BCJSSE, for
     * any thread but the job's own: a key or trust manager that the job calls asks this engine from
     * inside BCJSSE and must see it as it is now, as it would in the other modes.
     */
    private EngineView view() {
        PausedView paused = scheduler.pausedView();
        return paused != null && !Thread.holdsLock(tls) ? paused : live;
    }

    private void refuseWhilePaused(String what) {
        if (view() instanceof PausedView) {
            throw PausedView.changeWhilePaused(what);
        }
    }

    @Override
    public void setAsyncMode(boolean asyncMode) {
        async.asyncMode(asyncMode);
    }

    @Override
    public boolean isAsyncMode() {
        return async.asyncMode();
    }

    @Override
    public void setAsyncCallback(AsyncCallback callback) {
        async.callback(callback);
    }

    @Override
    public AsyncCallback getAsyncCallback() {
        return async.callback();
    }

    @Override
    public void setAsyncCallbackArg(Object arg) {
        async.callbackArg(arg);
    }

    @Override
    public Object getAsyncCallbackArg() {
        return async.callbackArg();
    }

    @Override
    public AsyncStatus getAsyncStatus() {
        return async.status();
    }

    @Override
    public boolean isWaitingForAsync() {
        return scheduler.waitingForAsync();
    }

    @Override
    public CompletionStage<AsyncStatus> asyncReady() {
        return async.asyncReady(scheduler.waitingForAsync());
    }

    /** How many notifications the application's callback refused (threw or returned {@code false}). */
    public long asyncCallbackFailures() {
        return async.callbackFailures();
    }

    @Override
    public String toString() {
        return "EngineTLS " + tls;
    }
}
