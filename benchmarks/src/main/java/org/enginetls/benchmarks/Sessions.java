package org.enginetls.benchmarks;

import javax.net.ssl.SSLSession;
import org.enginetls.testing.EnginePair;

/** Prints what was negotiated once per trial, so the results say what they measured. */
final class Sessions {

    private Sessions() {
    }

    static void describe(String what, TlsProvider provider, KeyType keyType, EnginePair pair) {
        SSLSession session = pair.client().getSession();
        if (!"TLSv1.3".equals(session.getProtocol())) {
            throw new IllegalStateException(provider + " negotiated " + session.getProtocol() + ", not TLSv1.3");
        }
        System.out.println(what + ": " + provider + " " + keyType + ": " + session.getProtocol() + " "
                + session.getCipherSuite() + ", server sent " + pair.serverHandshakeBytes() + " handshake bytes");
    }
}
