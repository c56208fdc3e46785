package org.enginetls.provider.testing;

import java.io.Closeable;
import java.io.IOException;

import javax.net.ssl.SSLSession;

/** One TLS connection as a test uses it: lines of UTF-8 text each way. */
public interface TextConnection extends Closeable {

    /** Completes the handshake (if it has not happened yet) and returns the session it made. */
    SSLSession handshake() throws IOException;

    /** Reads one line (without its end), or {@code null} if the peer closed first. */
    String readLine() throws IOException;

    /** Sends {@code line} and a newline. */
    void writeLine(String line) throws IOException;

    /** Reads until the peer closes the connection, discarding what comes. */
    void awaitPeerClose() throws IOException;
}
