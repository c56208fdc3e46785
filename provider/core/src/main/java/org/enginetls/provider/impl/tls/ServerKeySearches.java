package org.enginetls.provider.impl.tls;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.StringJoiner;
import java.util.WeakHashMap;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineState;

/**
 * Whether the key managers of a context found a server key for a connection's handshake, so that a
 * handshake failing without one can say which key-holding engine has failed and why.
 *
 * <p>A token engine that cannot open its token offers an empty key store; a key manager made from it
 * has nothing to choose, and BouncyCastle fails the handshake with "no selectable cipher suite",
 * which does not say that the key is missing because an engine failed. {@link KeyManagerAdapter}
 * notes each search here under BouncyCastle's engine or socket, and the engine and socket the
 * application holds pass the handshake's failure through {@link #explain}, which adds
 * the failed engines that hold keys and their reasons. (A key the manager did choose, an
 * {@code EngineKey} of a failed engine, fails its signature with that engine's reason by itself.)
 *
 * <p>Connections are held weakly.
 */
final class ServerKeySearches {

    private final EngineRegistry registry;
    private final Map<Object, Boolean> found = Collections.synchronizedMap(new WeakHashMap<>());

    ServerKeySearches(EngineRegistry registry) {
        this.registry = registry;
    }

    /** Notes one search of the key managers for {@code connection} (BouncyCastle's engine or socket). */
    void searched(Object connection, String alias) {
        if (connection != null) {
            found.merge(connection, alias != null, Boolean::logicalOr);
        }
    }

    /** {@link #explain(Object, IOException)} for an engine, whose failures are all {@link SSLException}s. */
    SSLException explain(Object connection, SSLException failure) {
        return (SSLException) explain(connection, (IOException) failure);
    }

    /**
     * {@code failure} itself, or, if the key managers found no server key for {@code connection} and an
     * engine that holds keys has failed, an {@link SSLException} (an {@link SSLHandshakeException} unless
     * {@code failure} is another {@code SSLException}) naming those engines and their reasons, caused by
     * {@code failure}. BouncyCastle's sockets report a handshake they end as a plain {@code IOException}.
     */
    IOException explain(Object connection, IOException failure) {
        Boolean keyFound = found.remove(connection);
        if (keyFound == null || keyFound) {
            return failure;
        }
        StringJoiner failed = new StringJoiner("; ");
        for (RegisteredEngine engine : registry.engines()) {
            if (engine.state() == EngineState.FAILED && holdsKeys(engine)) {
                failed.add("engine '" + engine.id() + "' has failed: " + engine.stateReason());
            }
        }
        if (failed.length() == 0) {
            return failure;
        }
        String message = failure.getMessage() + " (the key managers had no server key for this handshake, and an "
                + "engine that holds keys cannot offer them: " + failed + ")";
        SSLException explained = failure instanceof SSLException && !(failure instanceof SSLHandshakeException)
                ? new SSLException(message) : new SSLHandshakeException(message);
        explained.initCause(failure);
        return explained;
    }

    private static boolean holdsKeys(RegisteredEngine entry) {
        CryptoEngine engine = entry.engine();
        try {
            return engine != null && engine.keyStore() != null;
        } catch (RuntimeException e) {
            // an engine's fault must not replace the handshake's own failure
            return false;
        }
    }
}
