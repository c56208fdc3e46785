package org.enginetls.provider.impl.tls;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The {@link SSLEngine} EngineTLS hands out: BouncyCastle's engine, which speaks the protocol, seen
 * through the boundary at which EngineTLS schedules engine work ({@code beginHandshake},
 * {@code wrap}, {@code unwrap}). Callbacks that receive an engine (the ALPN selector) receive this
 * one, so applications never meet the inner engine.
 */
public class EngineTlsSSLEngine extends SSLEngine {

    private final SSLEngine tls;
    private BiFunction<SSLEngine, List<String>, String> applicationProtocolSelector;

    EngineTlsSSLEngine(SSLEngine tls) {
        super(tls.getPeerHost(), tls.getPeerPort());
        this.tls = tls;
    }

    @Override
    public void beginHandshake() throws SSLException {
        tls.beginHandshake();
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        return tls.wrap(src, dst);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuffer dst) throws SSLException {
        return tls.wrap(srcs, dst);
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        return tls.wrap(srcs, offset, length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
        return tls.unwrap(src, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts) throws SSLException {
        return tls.unwrap(src, dsts);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        return tls.unwrap(src, dsts, offset, length);
    }

    @Override
    public Runnable getDelegatedTask() {
        return tls.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
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
        return tls.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        tls.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return tls.isOutboundDone();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return tls.getHandshakeStatus();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return tls.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        tls.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return tls.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return tls.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        tls.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return tls.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return tls.getHandshakeSession();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        tls.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return tls.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        tls.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return tls.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        tls.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return tls.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        tls.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return tls.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return tls.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        tls.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return tls.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return tls.getHandshakeApplicationProtocol();
    }

    @Override
    public synchronized void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        applicationProtocolSelector = selector;
        tls.setHandshakeApplicationProtocolSelector(
                selector == null ? null : (inner, protocols) -> selector.apply(this, protocols));
    }

    @Override
    public synchronized BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return applicationProtocolSelector;
    }

    @Override
    public String toString() {
        return "EngineTLS " + tls;
    }
}
