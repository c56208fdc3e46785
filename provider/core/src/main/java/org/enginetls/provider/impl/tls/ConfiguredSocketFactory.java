package org.enginetls.provider.impl.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * BouncyCastle's socket factory, each of whose sockets the application sees as EngineTLS makes it
 * ({@link EngineTlsSocket}), with the context's default suites in the context's order.
 */
final class ConfiguredSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory sockets;
    private final String[] defaultSuites;
    private final UnaryOperator<SSLSocket> configure;

    ConfiguredSocketFactory(SSLSocketFactory sockets, String[] defaultSuites, UnaryOperator<SSLSocket> configure) {
        this.sockets = sockets;
        this.defaultSuites = defaultSuites.clone();
        this.configure = configure;
    }

    private Socket configured(Socket socket) {
        return configure.apply((SSLSocket) socket);
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
    public Socket createSocket() throws IOException {
        return configured(sockets.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return configured(sockets.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return configured(sockets.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configured(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return configured(sockets.createSocket(host, port, localAddress, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return configured(sockets.createSocket(address, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return configured(sockets.createSocket(address, port, localAddress, localPort));
    }
}
