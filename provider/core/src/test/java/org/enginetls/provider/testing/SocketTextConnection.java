package org.enginetls.provider.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** A {@link TextConnection} over an {@link SSLSocket}; its read timeout bounds every read. */
public final class SocketTextConnection implements TextConnection {

    private final SSLSocket socket;
    private BufferedReader in;

    public SocketTextConnection(SSLSocket socket) {
        this.socket = socket;
    }

    @Override
    public SSLSession handshake() throws IOException {
        socket.startHandshake();
        return socket.getSession();
    }

    @Override
    public String readLine() throws IOException {
        if (in == null) {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }
        return in.readLine();
    }

    @Override
    public void writeLine(String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void awaitPeerClose() throws IOException {
        while (readLine() != null) {
            // discard
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
