package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Vector;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.net.ssl.SSLException;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.TlsDHDomain;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.RawPeer;
import org.enginetls.provider.testing.TestEngines;
import org.junit.Test;

/**
 * A TLS 1.3 client whose key share is invalid (BouncyCastle's own TLS client, its share replaced after
 * it made a real one) against an EngineTLS server: the server refuses it with a fatal alert, and no
 * unchecked exception of ours is in its failure (the key's refusal reaches BouncyCastle's TLS as the JCA's
 * checked {@code InvalidKeyException} or {@code InvalidKeySpecException}).
 *
 * <p>BouncyCastle's TLS decodes a key share through a key factory and answers the factory's refusal: a
 * Diffie-Hellman value outside 1 &lt; y &lt; p-1 gets handshake_failure (RFC 7919), an X25519 or X448 point
 * of small order illegal_parameter; an EC point off the curve gets illegal_parameter from BouncyCastle's
 * own point decoding.
 */
public class InvalidKeyShareTest {

    /** RFC 7919 ffdhe2048's prime. */
    private static final BigInteger FFDHE2048_P = new BigInteger(
            "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
            + "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
            + "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
            + "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
            + "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
            + "886B423861285C97FFFFFFFFFFFFFFFF", 16);

    private final TestEngines engines = new TestEngines(new EngineTlsProvider(), "TLSv1.3");

    public InvalidKeyShareTest() throws Exception {
    }

    @Test
    public void diffieHellmanZeroIsAHandshakeFailure() throws Exception {
        assertRefused(NamedGroup.ffdhe2048, share -> ffdhe2048(BigInteger.ZERO), AlertDescription.handshake_failure);
    }

    @Test
    public void diffieHellmanOneIsAHandshakeFailure() throws Exception {
        assertRefused(NamedGroup.ffdhe2048, share -> ffdhe2048(BigInteger.ONE), AlertDescription.handshake_failure);
    }

    @Test
    public void diffieHellmanPMinusOneIsAHandshakeFailure() throws Exception {
        assertRefused(NamedGroup.ffdhe2048, share -> ffdhe2048(FFDHE2048_P.subtract(BigInteger.ONE)),
                AlertDescription.handshake_failure);
    }

    @Test
    public void diffieHellmanPIsAHandshakeFailure() throws Exception {
        assertRefused(NamedGroup.ffdhe2048, share -> ffdhe2048(FFDHE2048_P), AlertDescription.handshake_failure);
    }

    @Test
    public void ecPointOffTheCurveIsAnIllegalParameter() throws Exception {
        assertRefused(NamedGroup.secp256r1, share -> {
            byte[] bad = share.clone();
            bad[bad.length - 1] ^= 1;
            return bad;
        }, AlertDescription.illegal_parameter);
    }

    @Test
    public void allZeroX25519IsAnIllegalParameter() throws Exception {
        assertRefused(NamedGroup.x25519, share -> new byte[32], AlertDescription.illegal_parameter);
    }

    /** A point of order 8, little-endian as X25519 encodes it. */
    @Test
    public void x25519PointOfOrderEightIsAnIllegalParameter() throws Exception {
        assertRefused(NamedGroup.x25519, share -> HexFormat.of().parseHex(
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"), AlertDescription.illegal_parameter);
    }

    @Test
    public void allZeroX448IsAnIllegalParameter() throws Exception {
        assertRefused(NamedGroup.x448, share -> new byte[56], AlertDescription.illegal_parameter);
    }

    private static byte[] ffdhe2048(BigInteger y) {
        byte[] value = y.toByteArray();
        byte[] padded = new byte[256];
        int length = Math.min(value.length, padded.length);
        System.arraycopy(value, value.length - length, padded, padded.length - length, length);
        return padded;
    }

    /** Asserts the server refuses the replaced share with {@code expectedAlert}, and returns the server's failure. */
    private SSLException assertRefused(int group, UnaryOperator<byte[]> replaceShare, short expectedAlert) throws Exception {
        BadShareClient client = new BadShareClient(group, replaceShare);
        TlsClientProtocol protocol = new TlsClientProtocol();
        protocol.connect(client);
        RawPeer server = new RawPeer(engines.server());

        byte[] answer = server.deliver(output(protocol));
        try {
            protocol.offerInput(answer);
        } catch (IOException expected) {
            // the alert was received: the client ends
        }

        assertNotNull("the server sent a fatal alert", client.alert);
        assertEquals("alert " + AlertDescription.getText(client.alert), AlertDescription.getText(expectedAlert),
                AlertDescription.getText(client.alert));
        SSLException failure = server.failure();
        assertNotNull("the server failed the handshake", failure);
        causes(failure).forEach(cause -> assertTrue("an unchecked exception of ours in the server's failure: " + cause,
                !(cause instanceof RuntimeException) || !madeByEngineTls(cause)));
        return failure;
    }

    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
    }

    /** Whether EngineTLS threw {@code exception} (rather than passing on BouncyCastle's own, wrapped in a checked one). */
    private static boolean madeByEngineTls(Throwable exception) {
        StackTraceElement[] trace = exception.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.enginetls.");
    }

    private static byte[] output(TlsClientProtocol protocol) {
        byte[] bytes = new byte[protocol.getAvailableOutputBytes()];
        protocol.readOutput(bytes, 0, bytes.length);
        return bytes;
    }

    /** BouncyCastle's client offering one group, whose key share is replaced after it made a real one. */
    private static final class BadShareClient extends DefaultTlsClient {
        private final int group;
        private Short alert;

        BadShareClient(int group, UnaryOperator<byte[]> replaceShare) {
            super(new BcTlsCrypto(new SecureRandom()) {
                @Override
                public TlsDHDomain createDHDomain(TlsDHConfig config) {
                    TlsDHDomain domain = super.createDHDomain(config);
                    return () -> new ReplacedShare(domain.createDH(), replaceShare);
                }

                @Override
                public TlsECDomain createECDomain(TlsECConfig config) {
                    TlsECDomain domain = super.createECDomain(config);
                    return () -> new ReplacedShare(domain.createECDH(), replaceShare);
                }
            });
            this.group = group;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv13.only();
        }

        @Override
        protected Vector<Integer> getSupportedGroups(@SuppressWarnings("rawtypes") Vector namedGroupRoles) {
            return new Vector<>(List.of(group, NamedGroup.secp256r1));
        }

        @Override
        public Vector<Integer> getEarlyKeyShareGroups() {
            return new Vector<>(List.of(group));
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    // never reached: the server refuses the key share first
                }
            };
        }

        @Override
        public void notifyAlertReceived(short alertLevel, short alertDescription) {
            alert = alertDescription;
        }
    }

    private record ReplacedShare(TlsAgreement agreement, UnaryOperator<byte[]> replaceShare) implements TlsAgreement {
        @Override
        public byte[] generateEphemeral() throws IOException {
            return replaceShare.apply(agreement.generateEphemeral());
        }

        @Override
        public void receivePeerValue(byte[] peerValue) throws IOException {
            agreement.receivePeerValue(peerValue);
        }

        @Override
        public TlsSecret calculateSecret() throws IOException {
            return agreement.calculateSecret();
        }
    }
}
