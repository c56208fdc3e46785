package org.enginetls.provider.impl.tls;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One call into BCJSSE made on buffers of its own, so that it can run in a job or a delegated task
 * while the application keeps its buffers: an {@code unwrap} of one record whose plaintext goes to a
 * private buffer, or the client's {@code beginHandshake}.
 *
 * <p>It references the BCJSSE engine and its buffers only &mdash; never the application-facing
 * engine &mdash; so a paused job cannot keep an abandoned engine reachable.
 */
final class DetachedCall {

    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0);

    private final SSLEngine tls;
    /** The record to unwrap, or {@code null} for {@code beginHandshake}. */
    private final ByteBuffer record;
    private ByteBuffer plaintext;

    private DetachedCall(SSLEngine tls, ByteBuffer record, ByteBuffer plaintext) {
        this.tls = tls;
        this.record = record;
        this.plaintext = plaintext;
    }

    /**
     * BCJSSE's {@code unwrap} asks for room for the most plaintext the record can carry: nothing for
     * a handshake, alert or change_cipher_spec record, and never more than the fragment of an
     * application_data record. So the plaintext buffer is sized to that, not to a session's
     * application buffer (16 KiB): a job paused on a ClientHello holds no plaintext buffer at all.
     */
    static DetachedCall unwrap(SSLEngine tls, ByteBuffer record) {
        int room = RecordFraming.contentType(record) == RecordFraming.CONTENT_TYPE_APPLICATION_DATA
                ? Math.max(0, record.remaining() - RecordFraming.HEADER_LENGTH) : 0;
        return new DetachedCall(tls, record, ByteBuffer.allocate(room));
    }

    static DetachedCall beginHandshake(SSLEngine tls) {
        return new DetachedCall(tls, null, null);
    }

    /** Runs the call; the result of {@code beginHandshake} has no bytes and the engine's status. */
    SSLEngineResult run() throws SSLException {
        if (record == null) {
            tls.beginHandshake();
            return new SSLEngineResult(SSLEngineResult.Status.OK, tls.getHandshakeStatus(), 0, 0);
        }
        SSLEngineResult result = tls.unwrap(record, plaintext);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && result.bytesConsumed() == 0) {
            // not expected (see unwrap); BCJSSE checks the room before it takes the record, so retry
            plaintext = ByteBuffer.allocate(tls.getSession().getApplicationBufferSize());
            result = tls.unwrap(record, plaintext);
        }
        return result;
    }

    /** The plaintext the call produced, ready to read; empty for {@code beginHandshake}. */
    ByteBuffer plaintext() {
        if (plaintext == null) {
            return NO_INPUT;
        }
        return plaintext.flip();
    }
}
