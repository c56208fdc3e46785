package org.enginetls.provider.impl.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * What the getters of an {@link EngineTlsSSLEngine} answer: BCJSSE's engine as it is now
 * ({@link Live}), or, while a job holds BCJSSE, what it was when the job started
 * ({@link PausedView}). Arrays and parameters are the caller's to change, as from any
 * {@code SSLEngine}.
 */
sealed interface EngineView permits EngineView.Live, PausedView {

    String[] supportedCipherSuites();

    String[] enabledCipherSuites();

    String[] supportedProtocols();

    String[] enabledProtocols();

    SSLSession session();

    SSLSession handshakeSession();

    boolean useClientMode();

    boolean needClientAuth();

    boolean wantClientAuth();

    boolean enableSessionCreation();

    SSLParameters sslParameters();

    String applicationProtocol();

    String handshakeApplicationProtocol();

    /** BCJSSE's engine, asked at each call. */
    record Live(SSLEngine tls) implements EngineView {

        @Override
        public String[] supportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public String[] enabledCipherSuites() {
            return tls.getEnabledCipherSuites();
        }

        @Override
        public String[] supportedProtocols() {
            return tls.getSupportedProtocols();
        }

        @Override
        public String[] enabledProtocols() {
            return tls.getEnabledProtocols();
        }

        @Override
        public SSLSession session() {
            return tls.getSession();
        }

        @Override
        public SSLSession handshakeSession() {
            return tls.getHandshakeSession();
        }

        @Override
        public boolean useClientMode() {
            return tls.getUseClientMode();
        }

        @Override
        public boolean needClientAuth() {
            return tls.getNeedClientAuth();
        }

        @Override
        public boolean wantClientAuth() {
            return tls.getWantClientAuth();
        }

        @Override
        public boolean enableSessionCreation() {
            return tls.getEnableSessionCreation();
        }

        @Override
        public SSLParameters sslParameters() {
            return tls.getSSLParameters();
        }

        @Override
        public String applicationProtocol() {
            return tls.getApplicationProtocol();
        }

        @Override
        public String handshakeApplicationProtocol() {
            return tls.getHandshakeApplicationProtocol();
        }
    }
}
