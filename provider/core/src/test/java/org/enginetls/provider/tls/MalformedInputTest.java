package org.enginetls.provider.tls;

import static org.enginetls.provider.tls.Rejections.alertName;
import static org.enginetls.provider.tls.Rejections.assertNothingSent;
import static org.enginetls.provider.tls.Rejections.assertPeerHearsAlert;
import static org.enginetls.provider.tls.Rejections.assertPlaintextAlertSent;
import static org.enginetls.provider.tls.Rejections.assertRejected;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.RawPeer;
import org.enginetls.provider.testing.Records;
import org.enginetls.provider.testing.TestEngines;
import org.enginetls.testing.EnginePair;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Bytes no honest peer sends, handed to an EngineTLS {@code SSLEngine}: each must end in an
 * {@link SSLException}, an alert to the peer and a closed engine, within a bounded number of calls.
 */
@RunWith(Parameterized.class)
public class MalformedInputTest {

    private static EngineTlsProvider provider;

    @Parameters(name = "{0}")
    public static List<String> protocols() {
        return List.of("TLSv1.2", "TLSv1.3");
    }

    @Parameter
    public String protocol;

    @BeforeClass
    public static void createProvider() {
        provider = new EngineTlsProvider();
    }

    private TestEngines engines() throws Exception {
        return new TestEngines(provider, protocol);
    }

    @Test
    public void httpRequestToServerIsRejectedWithoutAnswer() throws Exception {
        RawPeer server = new RawPeer(engines().server());
        server.deliver("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertRejected(server);
        assertNothingSent(server);
    }

    @Test
    public void randomBytesToServerAreRejectedWithoutAnswer() throws Exception {
        byte[] noise = new byte[512];
        new Random(8).nextBytes(noise);
        RawPeer server = new RawPeer(engines().server());
        server.deliver(noise);
        assertRejected(server);
        assertNothingSent(server);
    }

    @Test
    public void httpResponseToClientHelloIsRejectedWithAlert() throws Exception {
        RawPeer client = new RawPeer(engines().client());
        client.start();
        client.deliver("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertRejected(client);
        assertPlaintextAlertSent(client);
    }

    @Test
    public void clientHelloCutShortThenPeerCloseReportsTruncation() throws Exception {
        TestEngines engines = engines();
        byte[] clientHello = new RawPeer(engines.client()).start();
        RawPeer server = new RawPeer(engines.server());
        byte[] answer = server.deliver(Arrays.copyOf(clientHello, clientHello.length / 2));
        assertEquals("nothing to answer half a record with", 0, answer.length);
        assertNull(server.failure());
        server.peerClosed();
        assertRejected(server);
        assertNothingSent(server);
    }

    @Test
    public void answerToClientHelloCutShortThenPeerCloseReportsTruncation() throws Exception {
        RawPeer client = new RawPeer(engines().client());
        client.start();
        byte[] answer = client.deliver(Records.concat(Records.header(Records.HANDSHAKE, 0x0303, 200), new byte[20]));
        assertEquals("nothing to answer half a record with", 0, answer.length);
        assertNull(client.failure());
        client.peerClosed();
        assertRejected(client);
        assertPlaintextAlertSent(client);
    }

    @Test
    public void applicationRecordCutShortThenPeerCloseReportsTruncation() throws Exception {
        TestEngines engines = engines();
        EnginePair pair = new EnginePair(engines.client(), engines.server()).handshake();
        byte[] record = new RawPeer(pair.client()).sendApplicationData("hello".getBytes(StandardCharsets.US_ASCII));
        RawPeer server = new RawPeer(pair.server());
        server.deliver(Arrays.copyOf(record, record.length - 3));
        assertNull(server.failure());
        server.peerClosed();
        // no alert required: the peer is gone, and BCJSSE sends none once the connection has failed
        assertRejected(server);
    }

    @Test
    public void oversizedRecordInsteadOfClientHelloIsRejectedWithoutAnswer() throws Exception {
        RawPeer server = new RawPeer(engines().server());
        server.deliver(Records.record(Records.HANDSHAKE, 0x0301, Records.MAX_TLS12_CIPHERTEXT + 1));
        SSLException failure = assertRejected(server);
        assertEquals("record_overflow(22)", alertName(failure));
        assertNothingSent(server);
    }

    @Test
    public void oversizedRecordInAnswerToClientHelloIsRejectedWithAlert() throws Exception {
        RawPeer client = new RawPeer(engines().client());
        client.start();
        client.deliver(Records.record(Records.HANDSHAKE, 0x0303, Records.MAX_TLS12_CIPHERTEXT + 1));
        SSLException failure = assertRejected(client);
        assertEquals("record_overflow(22)", alertName(failure));
        assertPlaintextAlertSent(client);
    }

    @Test
    public void oversizedApplicationRecordIsRejectedWithRecordOverflow() throws Exception {
        TestEngines engines = engines();
        EnginePair pair = new EnginePair(engines.client(), engines.server()).handshake();
        int limit = protocol.equals("TLSv1.3") ? Records.MAX_TLS13_CIPHERTEXT : Records.MAX_TLS12_CIPHERTEXT;
        RawPeer server = new RawPeer(pair.server());
        server.deliver(Records.record(Records.APPLICATION_DATA, 0x0303, limit + 1));
        SSLException failure = assertRejected(server);
        assertEquals("record_overflow(22)", alertName(failure));
        assertPeerHearsAlert(server, new RawPeer(pair.client()), server.sentAfterFailure());
    }

    /*
     * RFC 8446 5.1: legacy_record_version "MUST be ignored for all purposes", and BCJSSE ignores it
     * in plaintext records for TLS 1.2 as well. So a ClientHello in a record labelled SSL 2.0 or
     * 127.0 is not bad input: the handshake completes. Where the version is authenticated (the
     * additional data of every AEAD record, both versions), changing it must fail.
     */

    @Test
    public void clientHelloRecordLabelledSsl2IsAcceptedSinceRecordVersionIsIgnored() throws Exception {
        assertHandshakeCompletesWithClientHelloRecordVersion(0x0200);
    }

    @Test
    public void clientHelloRecordLabelledUnknownVersionIsAcceptedSinceRecordVersionIsIgnored() throws Exception {
        assertHandshakeCompletesWithClientHelloRecordVersion(0x7F00);
    }

    private void assertHandshakeCompletesWithClientHelloRecordVersion(int version) throws Exception {
        TestEngines engines = engines();
        RawPeer client = new RawPeer(engines.client());
        RawPeer server = new RawPeer(engines.server());
        byte[] toServer = Records.withVersion(client.start(), version);
        for (int flight = 0; flight < 8 && toServer.length > 0; flight++) {
            toServer = client.deliver(server.deliver(toServer));
        }
        assertNull(server.failure());
        assertNull(client.failure());
        assertEquals(protocol, server.engine().getSession().getProtocol());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, server.engine().getHandshakeStatus());
    }

    @Test
    public void recordVersionChangedOnApplicationRecordFailsWithBadRecordMac() throws Exception {
        TestEngines engines = engines();
        EnginePair pair = new EnginePair(engines.client(), engines.server()).handshake();
        RawPeer client = new RawPeer(pair.client());
        RawPeer server = new RawPeer(pair.server());
        byte[] record = client.sendApplicationData("hello".getBytes(StandardCharsets.US_ASCII));
        server.deliver(Records.withVersion(record, 0x0302));
        SSLException failure = assertRejected(server);
        assertEquals("bad_record_mac(20)", alertName(failure));
        assertPeerHearsAlert(server, client, server.sentAfterFailure());
    }

    @Test
    public void serverHelloAsFirstMessageToServerIsRejectedWithoutAnswer() throws Exception {
        TestEngines engines = engines();
        byte[] clientHello = new RawPeer(engines.client()).start();
        byte[] serverFlight = new RawPeer(engines.server()).deliver(clientHello);
        byte[] serverHelloRecord = Records.split(serverFlight).get(0);
        RawPeer otherServer = new RawPeer(engines.server());
        otherServer.deliver(serverHelloRecord);
        SSLException failure = assertRejected(otherServer);
        assertEquals("unexpected_message(10)", alertName(failure));
        assertNothingSent(otherServer);
    }

    @Test
    public void serverFlightReflectedToServerIsRejectedWithAlert() throws Exception {
        TestEngines engines = engines();
        RawPeer client = new RawPeer(engines.client());
        byte[] clientHello = client.start();
        RawPeer server = new RawPeer(engines.server());
        byte[] serverFlight = server.deliver(clientHello);
        server.deliver(serverFlight);
        SSLException failure = assertRejected(server);
        assertEquals("unexpected_message(10)", alertName(failure));
        assertPeerHearsAlert(server, client, server.sent());
    }

    @Test
    public void clientHelloReplayedAfterHandshakeStartedIsRejectedWithAlert() throws Exception {
        TestEngines engines = engines();
        RawPeer client = new RawPeer(engines.client());
        byte[] clientHello = client.start();
        RawPeer server = new RawPeer(engines.server());
        server.deliver(clientHello);
        server.deliver(clientHello);
        SSLException failure = assertRejected(server);
        assertEquals("unexpected_message(10)", alertName(failure));
        assertPeerHearsAlert(server, client, server.sent());
    }

    @Test
    public void bitFlippedApplicationRecordToServerFailsWithBadRecordMac() throws Exception {
        TestEngines engines = engines();
        EnginePair pair = new EnginePair(engines.client(), engines.server()).handshake();
        RawPeer client = new RawPeer(pair.client());
        RawPeer server = new RawPeer(pair.server());
        byte[] record = client.sendApplicationData("hello".getBytes(StandardCharsets.US_ASCII));
        server.deliver(Records.flipBit(record, record.length - 1));
        SSLException failure = assertRejected(server);
        assertEquals("bad_record_mac(20)", alertName(failure));
        assertArrayEquals("no application data from a forged record", new byte[0], server.received());
        assertPeerHearsAlert(server, client, server.sentAfterFailure());
    }

    @Test
    public void bitFlippedApplicationRecordToClientFailsWithBadRecordMac() throws Exception {
        TestEngines engines = engines();
        EnginePair pair = new EnginePair(engines.client(), engines.server()).handshake();
        RawPeer client = new RawPeer(pair.client());
        RawPeer server = new RawPeer(pair.server());
        byte[] record = server.sendApplicationData("hello".getBytes(StandardCharsets.US_ASCII));
        client.deliver(Records.flipBit(record, Records.HEADER_LENGTH + 2));
        SSLException failure = assertRejected(client);
        assertEquals("bad_record_mac(20)", alertName(failure));
        assertArrayEquals("no application data from a forged record", new byte[0], client.received());
        assertPeerHearsAlert(client, server, client.sentAfterFailure());
    }
}
