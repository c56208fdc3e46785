package org.enginetls.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.engines.RegisteredEngine;

/**
 * The EngineTLS demo: an HTTPS/1.1 server whose TLS is the {@code EngineTLS} provider's. {@code /}
 * shows what a connection negotiated, {@code /status} the provider's engines and their counters.
 *
 * <p>Run it with {@code java -jar runtime/target/enginetls-runtime.jar [options]} (see
 * {@link DemoSettings#usage()}); it listens on {@code https://127.0.0.1:8443/} until Ctrl-C.
 */
public final class DemoServer implements AutoCloseable {

    /** TLS 1.3 and 1.2 only: older versions are disabled by default in every current JDK anyway. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * BCJSSE logs INFO lines per connection and, per context, WARNING lines about entries of the
     * JDK's {@code jdk.tls.disabledAlgorithms} it cannot parse; the demo's console is for its own lines.
     */
    private static final Logger BOUNCY_CASTLE_LOG = Logger.getLogger("org.bouncycastle");

    private final EngineTlsProvider provider;
    private final boolean providerInstalledHere;
    private final ServerIdentity identity;
    private final HttpsListener listener;
    private final CountDownLatch closed = new CountDownLatch(1);

    private DemoServer(EngineTlsProvider provider, boolean providerInstalledHere, ServerIdentity identity,
            HttpsListener listener) {
        this.provider = provider;
        this.providerInstalledHere = providerInstalledHere;
        this.identity = identity;
        this.listener = listener;
    }

    /**
     * Starts a server as {@code settings} say. It uses the {@code EngineTLS} provider installed in
     * the JVM if there is one, else installs a new one (with the engines on the class path) and
     * removes it again on {@link #close()}.
     */
    public static DemoServer start(DemoSettings settings) throws IOException, GeneralSecurityException {
        ServerIdentity identity = ServerIdentity.load(settings);
        EngineTlsProvider provider;
        boolean installedHere = false;
        synchronized (DemoServer.class) {
            if (Security.getProvider(EngineTlsProvider.NAME) instanceof EngineTlsProvider installed) {
                provider = installed;
            } else {
                provider = new EngineTlsProvider();
                installedHere = Security.addProvider(provider) != -1;
            }
        }
        try {
            // SunX509: picks the key by type only; the JDK's PKIX manager re-checks the chain on every handshake
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
            keyManagers.init(identity.keyStore(), identity.password());
            SSLContext context = SSLContext.getInstance("TLS", provider);
            context.init(keyManagers.getKeyManagers(), null, null);

            SSLServerSocket serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            try {
                serverSocket.setReuseAddress(true);
                serverSocket.bind(new InetSocketAddress(InetAddress.getByName(settings.address()), settings.port()));
                serverSocket.setEnabledProtocols(supported(serverSocket.getSupportedProtocols()));
                serverSocket.setUseClientMode(false);
            } catch (IOException | RuntimeException e) {
                serverSocket.close();
                throw e;
            }
            return new DemoServer(provider, installedHere,
                    identity, new HttpsListener(serverSocket, new DemoRoutes(provider.core().registry())));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            removeProvider(provider, installedHere);
            throw e;
        }
    }

    private static String[] supported(String[] available) {
        return PROTOCOLS.stream().filter(Arrays.asList(available)::contains).toArray(String[]::new);
    }

    /** Where the server listens (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return listener.address();
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

    public EngineTlsProvider provider() {
        return provider;
    }

    /** What the server prints when it starts: where it listens, its certificate, its engines. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append("EngineTLS demo listening on ").append(uri())
                .append(" (").append(String.join(", ", PROTOCOLS)).append(")\n")
                .append("  provider:    ").append(provider.getName()).append(' ').append(provider.getVersionStr())
                .append(providerInstalledHere ? " (installed at the lowest priority)" : " (already installed)").append('\n')
                .append("  certificate: ").append(identity.certificate().getSubjectX500Principal().getName())
                .append(", ").append(identity.origin()).append(", ").append(identity.path().toAbsolutePath()).append('\n')
                .append("  SHA-256:     ").append(identity.fingerprint()).append('\n');
        if (identity.origin() != ServerIdentity.Origin.CONFIGURED) {
            text.append("  trust it:    curl --cacert ")
                    .append(identity.path().resolveSibling(ServerIdentity.GENERATED_CERTIFICATE).toAbsolutePath())
                    .append(' ').append(uri()).append("status  (or curl -k)\n");
            if (!address().getAddress().isLoopbackAddress() && !address().getAddress().isAnyLocalAddress()) {
                text.append("  note:        the generated certificate names localhost, 127.0.0.1 and ::1 only\n");
            }
        }
        RegisteredEngine[] engines = provider.core().registry().engines();
        text.append("  engines:").append(engines.length == 0 ? "     none: every handshake will fail" : "").append('\n');
        for (RegisteredEngine engine : engines) {
            text.append("    ").append(engine.id()).append(" (ranking ").append(engine.ranking())
                    .append(", ").append(engine.state().name().toLowerCase(Locale.ROOT)).append(")\n");
        }
        return text.toString();
    }

    /** Waits until {@link #close()} has run. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops listening, closes open connections and removes the provider if this server installed it. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        listener.close();
        removeProvider(provider, providerInstalledHere);
        closed.countDown();
    }

    private static void removeProvider(Provider provider, boolean installedHere) {
        synchronized (DemoServer.class) {
            if (installedHere && Security.getProvider(EngineTlsProvider.NAME) == provider) {
                Security.removeProvider(EngineTlsProvider.NAME);
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(DemoSettings.usage());
            return;
        }
        DemoSettings settings;
        try {
            settings = DemoSettings.parse(args, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("enginetls demo: " + e.getMessage());
            System.err.print(DemoSettings.usage());
            System.exit(2);
            return;
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            BOUNCY_CASTLE_LOG.setLevel(Level.SEVERE);
        }
        DemoServer server;
        try {
            server = start(settings);
        } catch (BindException e) {
            fail(System.err, "cannot listen on " + settings.address() + ":" + settings.port() + " (" + e.getMessage()
                    + "); is another server running there? Choose another port with --port");
            return;
        } catch (IOException | GeneralSecurityException e) {
            fail(System.err, "cannot start: " + e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("EngineTLS demo stopped");
        }, "enginetls-demo-shutdown"));
        System.out.print(server.describe());
        System.out.println("Press Ctrl-C to stop.");
        server.awaitClose();
    }

    private static void fail(PrintStream err, String message) {
        err.println("enginetls demo: " + message);
        System.exit(1);
    }
}
