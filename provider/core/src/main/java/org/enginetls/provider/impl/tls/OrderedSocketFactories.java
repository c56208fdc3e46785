package org.enginetls.provider.impl.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The socket factories of an EngineTLS context: BouncyCastle's, with the context's
 * {@link CipherSuiteOrder} applied to every socket they make, so sockets offer and pick suites as the
 * context's engines do.
 */
final class OrderedSocketFactories {

    private OrderedSocketFactories() {
    }

    static SSLSocketFactory of(SSLSocketFactory factory, CipherSuiteOrder order) {
        return new Client(factory, order);
    }

    static SSLServerSocketFactory of(SSLServerSocketFactory factory, CipherSuiteOrder order) {
        return new Server(factory, order);
    }

    private static final class Client extends SSLSocketFactory {
        private final SSLSocketFactory factory;
        private final CipherSuiteOrder order;

        Client(SSLSocketFactory factory, CipherSuiteOrder order) {
            this.factory = factory;
            this.order = order;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return order.suites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return factory.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return order.applyTo(factory.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return order.applyTo(factory.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
            return order.applyTo(factory.createSocket(socket, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return order.applyTo(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return order.applyTo(factory.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return order.applyTo(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return order.applyTo(factory.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class Server extends SSLServerSocketFactory {
        private final SSLServerSocketFactory factory;
        private final CipherSuiteOrder order;

        Server(SSLServerSocketFactory factory, CipherSuiteOrder order) {
            this.factory = factory;
            this.order = order;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return order.suites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return factory.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return order.applyTo(factory.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return order.applyTo(factory.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return order.applyTo(factory.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return order.applyTo(factory.createServerSocket(port, backlog, address));
        }
    }
}
