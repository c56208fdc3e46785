package org.enginetls.provider.impl.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * BouncyCastle's server socket factory, each of whose server sockets the application sees as
 * EngineTLS makes it ({@link EngineTlsServerSocket}), with the context's default suites in the
 * context's order.
 */
final class ConfiguredServerSocketFactory extends SSLServerSocketFactory {

    private final SSLServerSocketFactory sockets;
    private final String[] defaultSuites;
    private final ServerSocketMaker configure;

    /** What EngineTLS makes of one of BouncyCastle's server sockets. */
    @FunctionalInterface
    interface ServerSocketMaker {
        ServerSocket make(SSLServerSocket socket) throws IOException;
    }

    ConfiguredServerSocketFactory(SSLServerSocketFactory sockets, String[] defaultSuites, ServerSocketMaker configure) {
        this.sockets = sockets;
        this.defaultSuites = defaultSuites.clone();
        this.configure = configure;
    }

    private ServerSocket configured(ServerSocket socket) throws IOException {
        return configure.make((SSLServerSocket) socket);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return defaultSuites.clone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return sockets.getSupportedCipherSuites();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return configured(sockets.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return configured(sockets.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return configured(sockets.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return configured(sockets.createServerSocket(port, backlog, address));
    }
}
