package org.enginetls.provider.impl.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * What an engine's getters answer while a job holds BCJSSE. A job parks inside BCJSSE's
 * synchronized {@code unwrap} or {@code beginHandshake}, so asking BCJSSE anything then would block
 * until the job is resumed &mdash; typically by the very thread that asked. The view is read before
 * the job starts; nothing it shows can change while the job waits, since the job's changes only
 * become visible when the application resumes it. Callers get copies, so the view stays as it was.
 */
record PausedView(boolean useClientMode, boolean needClientAuth, boolean wantClientAuth,
        boolean enableSessionCreation, SSLParameters parameters, String[] supportedCipherSuites,
        String[] supportedProtocols, String applicationProtocol, String handshakeApplicationProtocol,
        SSLSession session, SSLSession handshakeSession) implements EngineView {

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

    @Override
    public String[] supportedCipherSuites() {
        return supportedCipherSuites.clone();
    }

    @Override
    public String[] enabledCipherSuites() {
        return parameters.getCipherSuites();
    }

    @Override
    public String[] supportedProtocols() {
        return supportedProtocols.clone();
    }

    @Override
    public String[] enabledProtocols() {
        return parameters.getProtocols();
    }

    @Override
    public SSLParameters sslParameters() {
        SSLParameters copy = new SSLParameters(parameters.getCipherSuites(), parameters.getProtocols());
        copy.setNeedClientAuth(parameters.getNeedClientAuth());
        if (parameters.getWantClientAuth()) {
            copy.setWantClientAuth(true);
        }
        copy.setAlgorithmConstraints(parameters.getAlgorithmConstraints());
        copy.setEndpointIdentificationAlgorithm(parameters.getEndpointIdentificationAlgorithm());
        copy.setServerNames(parameters.getServerNames());
        copy.setSNIMatchers(parameters.getSNIMatchers());
        copy.setUseCipherSuitesOrder(parameters.getUseCipherSuitesOrder());
        copy.setEnableRetransmissions(parameters.getEnableRetransmissions());
        copy.setMaximumPacketSize(parameters.getMaximumPacketSize());
        copy.setApplicationProtocols(parameters.getApplicationProtocols());
        copy.setSignatureSchemes(parameters.getSignatureSchemes());
        copy.setNamedGroups(parameters.getNamedGroups());
        return copy;
    }
}
