package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.enginetls.provider.testing.RawPeer;
import org.enginetls.provider.testing.Records;

/** What every rejection of bad input must look like on an {@code SSLEngine}. */
final class Rejections {

    /** How BouncyCastle names an alert in its exceptions, e.g. {@code bad_record_mac(20)}. */
    private static final Pattern ALERT_NAME = Pattern.compile("[a-z_]+\\(\\d+\\)");

    private Rejections() {
    }

    /** The engine threw an {@link SSLException} and ended closed in both directions. */
    static SSLException assertRejected(RawPeer peer) {
        SSLException failure = peer.failure();
        assertNotNull("the engine accepted bad input without an SSLException", failure);
        assertTrue("inbound still open after " + failure, peer.engine().isInboundDone());
        assertTrue("outbound still open after " + failure, peer.engine().isOutboundDone());
        return failure;
    }

    /** After its exception the engine sent an alert in the clear (content type 21). */
    static void assertPlaintextAlertSent(RawPeer peer) {
        assertTrue("no alert record after " + peer.failure() + ", sent " + Records.contentTypes(peer.sentAfterFailure()),
                Records.contentTypes(peer.sentAfterFailure()).contains(Records.ALERT));
    }

    /**
     * A server that has not yet seen a valid ClientHello answers bad input with silence: BCJSSE
     * writes nothing (not even an alert) before it knows which record version its peer speaks, and
     * a peer that never sent TLS would not understand an alert anyway. It still throws and closes.
     */
    static void assertNothingSent(RawPeer peer) {
        assertEquals("bytes sent to a peer that never sent a ClientHello", List.of(),
                Records.contentTypes(peer.sent()));
    }

    /**
     * The alert the failing engine sent reaches its real peer, which reports the same alert: this
     * holds whether the alert went in the clear or encrypted (TLS 1.3 after ServerHello).
     */
    static void assertPeerHearsAlert(RawPeer failing, RawPeer peer, byte[] bytesForPeer) {
        String alert = alertName(failing.failure());
        peer.deliver(bytesForPeer);
        assertNotNull("the peer did not hear the " + alert + " alert", peer.failure());
        assertEquals("the alert the peer heard", alert, alertName(peer.failure()));
        assertTrue(peer.engine().isInboundDone());
    }

    static String alertName(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher matcher = ALERT_NAME.matcher(String.valueOf(t.getMessage()));
            if (matcher.find()) {
                return matcher.group();
            }
        }
        throw new AssertionError("no alert named in " + failure, failure);
    }
}
