package org.enginetls.provider.impl.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * What an engine's getters answer while a job holds BCJSSE. A job parks inside BCJSSE's
 * synchronized {@code unwrap} or {@code beginHandshake}, so asking BCJSSE anything then would block
 * until the job is resumed &mdash; typically by the very thread that asked. The view is read before
 * the job starts; nothing it shows can change while the job waits, since the job's changes only
 * become visible when the application resumes it.
 */
record PausedView(boolean useClientMode, boolean needClientAuth, boolean wantClientAuth,
        boolean enableSessionCreation, SSLParameters parameters, String[] supportedCipherSuites,
        String[] supportedProtocols, String applicationProtocol, String handshakeApplicationProtocol,
        SSLSession session, SSLSession handshakeSession) {

    static PausedView of(SSLEngine tls) {
        return new PausedView(tls.getUseClientMode(), tls.getNeedClientAuth(), tls.getWantClientAuth(),
                tls.getEnableSessionCreation(), tls.getSSLParameters(), tls.getSupportedCipherSuites(),
                tls.getSupportedProtocols(), tls.getApplicationProtocol(), tls.getHandshakeApplicationProtocol(),
                tls.getSession(), tls.getHandshakeSession());
    }

    /** A setter called while a job waits: it cannot reach BCJSSE without waiting for the job. */
    static IllegalStateException changeWhilePaused(String what) {
        return new IllegalStateException("cannot change " + what + " while an async job waits for a crypto engine;"
                + " change it before the handshake or after the job has been resumed");
    }
}
