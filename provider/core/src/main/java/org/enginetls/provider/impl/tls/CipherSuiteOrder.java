package org.enginetls.provider.impl.tls;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.jsse.BCSSLParameters;

/**
 * The order in which EngineTLS engines and sockets offer and pick cipher suites, and the server's
 * right to pick by it: one order for every {@code SSLEngine}, {@code SSLSocket} and
 * {@code SSLServerSocket} of a context, and its default {@code SSLParameters}.
 *
 * <p>The order is BouncyCastle's, except that AES-GCM comes before ChaCha20-Poly1305 of the same key
 * exchange. BouncyCastle puts ChaCha20 first, which suits CPUs without AES instructions; on the JVM,
 * AES-GCM runs on the JDK's intrinsics and ChaCha20 in Java, many times slower per byte. The JDK's
 * own provider orders them the same way.
 *
 * <p>A server picks by its own order unless the application says otherwise
 * ({@link SSLParameters#setUseCipherSuitesOrder}), as the JDK's provider does: BouncyCastle lets the
 * client's order decide by default, and a server's order it does not use is no policy.
 */
final class CipherSuiteOrder {

    private final String[] suites;

    private CipherSuiteOrder(String[] suites) {
        this.suites = suites;
    }

    /** The order for a context whose TLS stack enables {@code defaultSuites} by default. */
    static CipherSuiteOrder of(String[] defaultSuites) {
        return new CipherSuiteOrder(aesGcmBeforeChaCha(defaultSuites));
    }

    /** The enabled suites, in order. */
    String[] suites() {
        return suites.clone();
    }

    /** {@code parameters} with the suites in this order and the server's order honoured. */
    SSLParameters applyTo(SSLParameters parameters) {
        parameters.setCipherSuites(suites());
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /** {@code parameters} with the suites in this order and the server's order honoured. */
    BCSSLParameters applyTo(BCSSLParameters parameters) {
        // BouncyCastle copies the array it is given
        parameters.setCipherSuites(suites);
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /** Applies this order to a new engine. */
    SSLEngine applyTo(SSLEngine engine) {
        engine.setSSLParameters(applyTo(engine.getSSLParameters()));
        return engine;
    }

    /** Applies this order to a new socket ({@code SSLSocket} or {@code SSLServerSocket}). */
    <T extends Socket> T applyTo(T socket) {
        if (socket instanceof SSLSocket ssl) {
            ssl.setSSLParameters(applyTo(ssl.getSSLParameters()));
        }
        return socket;
    }

    /** Applies this order to a new server socket. */
    <T extends ServerSocket> T applyTo(T socket) {
        if (socket instanceof SSLServerSocket ssl) {
            ssl.setSSLParameters(applyTo(ssl.getSSLParameters()));
        }
        return socket;
    }

    private static String[] aesGcmBeforeChaCha(String[] suites) {
        List<String> ordered = new ArrayList<>(suites.length);
        Map<String, List<String>> deferred = new LinkedHashMap<>();
        for (int i = 0; i < suites.length; i++) {
            String suite = suites[i];
            String family = family(suite);
            if (suite.contains("_CHACHA20_") && gcmFollows(suites, i, family)) {
                deferred.computeIfAbsent(family, f -> new ArrayList<>()).add(suite);
                continue;
            }
            ordered.add(suite);
            if (suite.contains("_GCM_") && !gcmFollows(suites, i, family)) {
                ordered.addAll(deferred.getOrDefault(family, List.of()));
                deferred.remove(family);
            }
        }
        deferred.values().forEach(ordered::addAll);
        return ordered.toArray(String[]::new);
    }

    /** The key exchange and authentication part (TLS 1.2), or one family for all TLS 1.3 suites. */
    private static String family(String suite) {
        int with = suite.indexOf("_WITH_");
        return with < 0 ? "TLS13" : suite.substring(0, with);
    }

    private static boolean gcmFollows(String[] suites, int index, String family) {
        for (int j = index + 1; j < suites.length; j++) {
            if (suites[j].contains("_GCM_") && family(suites[j]).equals(family)) {
                return true;
            }
        }
        return false;
    }
}
