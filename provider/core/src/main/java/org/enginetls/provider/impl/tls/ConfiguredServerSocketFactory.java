package org.enginetls.provider.impl.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Consumer;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * BouncyCastle's server socket factory, with every server socket configured before the application
 * sees it; the sockets it accepts inherit its settings.
 */
final class ConfiguredServerSocketFactory extends SSLServerSocketFactory {

    private final SSLServerSocketFactory sockets;
    private final Consumer<SSLServerSocket> configure;

    ConfiguredServerSocketFactory(SSLServerSocketFactory sockets, Consumer<SSLServerSocket> configure) {
        this.sockets = sockets;
        this.configure = configure;
    }

    private ServerSocket configured(ServerSocket socket) {
        configure.accept((SSLServerSocket) socket);
        return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return sockets.getDefaultCipherSuites();
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
