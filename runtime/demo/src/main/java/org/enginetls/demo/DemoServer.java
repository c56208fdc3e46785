package org.enginetls.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.enginetls.async.AsyncSSLContext;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;

/**
 * The EngineTLS demo: an HTTPS/1.1 server whose TLS is the {@code EngineTLS} provider's, in async
 * mode on one event loop. {@code /} shows what a connection negotiated, {@code /status} the
 * provider's engines (the {@link EngineRuntime} snapshots) and the server's counters, {@code /health}
 * whether the provider is registered with an active engine.
 *
 * <p>Nothing here depends on OSGi: {@link DemoComponent} starts one in the container, tests start
 * one on a plain class path.
 */
public final class DemoServer implements AutoCloseable {

    /** TLS 1.3 and 1.2 only: older versions are disabled by default in every current JDK anyway. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final ServerIdentity identity;
    private final EngineRuntime runtime;
    private final ServerCounters counters;
    private final AsyncHttpsServer server;

    private DemoServer(ServerIdentity identity, EngineRuntime runtime, ServerCounters counters, AsyncHttpsServer server) {
        this.identity = identity;
        this.runtime = runtime;
        this.counters = counters;
        this.server = server;
    }

    /**
     * Starts a server as {@code settings} say, with the TLS of {@code provider} (EngineTLS) and the
     * engine status of {@code runtime}.
     */
    public static DemoServer start(DemoSettings settings, Provider provider, EngineRuntime runtime)
            throws IOException, GeneralSecurityException {
        ServerIdentity identity = ServerIdentity.load(settings, provider);
        // SunX509: picks the key by type only; the JDK's PKIX manager re-checks the chain on every handshake
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
        keyManagers.init(identity.keyStore(), identity.password());
        KeyManager[] managers = identity.alias() == null ? keyManagers.getKeyManagers()
                : new KeyManager[] {new OneAliasKeyManager((X509ExtendedKeyManager) keyManagers.getKeyManagers()[0], identity.alias())};
        AsyncSSLContext context = AsyncSSLContext.getInstance("TLS", provider);
        context.init(managers, null, null);
        ServerCounters counters = new ServerCounters();
        AsyncHttpsServer server = AsyncHttpsServer.start(context,
                new InetSocketAddress(InetAddress.getByName(settings.address()), settings.port()),
                PROTOCOLS.toArray(String[]::new),
                new DemoRoutes(runtime, counters, () -> Security.getProvider(provider.getName()) == provider), counters);
        return new DemoServer(identity, runtime, counters, server);
    }

    /** Where the server listens (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** {@code https://host:port/} of the listening socket. */
    public URI uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    public ServerIdentity identity() {
        return identity;
    }

    /** Handshakes that failed on the server's side so far. */
    public long failedHandshakes() {
        return counters.handshakesFailed.get();
    }

    /** What the server prints when it starts: where it listens, its certificate, its engines. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append("EngineTLS demo listening on ").append(uri())
                .append(" (").append(String.join(", ", PROTOCOLS)).append(", async mode, one event loop)\n")
                .append("  certificate: ").append(identity.certificate().getSubjectX500Principal().getName())
                .append(", ").append(identity.origin()).append(", ").append(identity.location()).append('\n')
                .append("  SHA-256:     ").append(identity.fingerprint()).append('\n');
        if (identity.origin() != ServerIdentity.Origin.CONFIGURED && identity.origin() != ServerIdentity.Origin.ENGINE) {
            text.append("  trust it:    curl --cacert ")
                    .append(identity.path().resolveSibling(ServerIdentity.GENERATED_CERTIFICATE).toAbsolutePath())
                    .append(' ').append(uri()).append("status  (or curl -k)\n");
            if (!address().getAddress().isLoopbackAddress() && !address().getAddress().isAnyLocalAddress()) {
                text.append("  note:        the generated certificate names localhost, 127.0.0.1 and ::1 only\n");
            }
        }
        List<EngineDTO> engines = runtime.getEngines();
        text.append("  engines:").append(engines.isEmpty() ? "     none: every handshake will fail" : "").append('\n');
        for (EngineDTO engine : engines) {
            text.append("    ").append(engine.id).append(" (ranking ").append(engine.ranking)
                    .append(", ").append(engine.state.name().toLowerCase(Locale.ROOT))
                    .append(engine.bundleSymbolicName == null ? "" : ", bundle " + engine.bundleSymbolicName)
                    .append(")\n");
        }
        return text.toString();
    }

    /** Stops listening and closes open connections, cancelling handshakes that wait for an engine. */
    @Override
    public void close() {
        server.close();
    }
}
