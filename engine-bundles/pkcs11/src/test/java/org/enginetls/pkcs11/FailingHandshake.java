package org.enginetls.pkcs11;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives a handshake in memory that the server is expected to fail, then hands the server's last
 * records (its alert) to the client: the outcome is both sides' exceptions. Bounded in steps.
 */
final class FailingHandshake {

    /** The server's exception and the one the client got from the server's alert. */
    record Outcome(SSLException server, SSLException client) {
    }

    private FailingHandshake() {
    }

    static Outcome run(SSLEngine client, SSLEngine server) throws Exception {
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        SSLException serverFailure = null;
        for (int step = 0; step < 200 && serverFailure == null; step++) {
            drive(client, toClient, toServer, app);
            try {
                drive(server, toServer, toClient, app);
            } catch (SSLException e) {
                serverFailure = e;
            }
        }
        if (serverFailure == null) {
            throw new AssertionError("the server did not fail: " + server.getHandshakeStatus());
        }
        // whatever the failed server still has to send is its alert
        for (int i = 0; i < 4 && !server.isOutboundDone(); i++) {
            server.wrap(ByteBuffer.allocate(0), toClient);
        }
        try {
            for (int i = 0; i < 8; i++) {
                drive(client, toClient, toServer, app);
            }
        } catch (SSLException e) {
            return new Outcome(serverFailure, e);
        }
        return new Outcome(serverFailure, null);
    }

    private static void drive(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws SSLException {
        for (int i = 0; i < 16; i++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                engine.wrap(ByteBuffer.allocate(0), out);
            } else if (in.position() > 0) {
                in.flip();
                try {
                    if (engine.unwrap(in, app).bytesConsumed() == 0) {
                        return;
                    }
                } finally {
                    in.compact();
                }
            } else {
                return;
            }
        }
    }
}
