package org.enginetls.openssl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;

import org.enginetls.engine.OperationKind;
import org.enginetls.testing.EngineCalls;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Bad input gets the JDK's verdict (valid, invalid, or rejected with an exception) and never hurts the
 * JVM: wrong and malformed signatures, points off the curve, small-order X25519 keys, bad padding,
 * keys of the wrong type or length.
 */
public class InvalidInputTest {

    private static final byte[] MESSAGE = "handshake transcript".getBytes(StandardCharsets.US_ASCII);

    private static EngineCalls openssl;
    private static KeyPair p256;
    private static KeyPair rsa;
    private static KeyPair ed25519;

    @BeforeClass
    public static void keys() throws Exception {
        openssl = new EngineCalls(new OpenSslEngine(OpenSslSettings.defaults()));
        p256 = CrossCheckTest.jdkKeyPair("EC", new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    public void corruptedSignaturesGetTheJdksVerdict() throws Exception {
        sameVerdicts("SHA256withECDSA", p256);
        sameVerdicts("SHA256withRSA", rsa);
        sameVerdicts("Ed25519", ed25519);
    }

    /** A flipped bit in every byte, truncation, an extra byte, all zeros, empty: each compared with the JDK's answer. */
    private static void sameVerdicts(String algorithm, KeyPair pair) throws Exception {
        byte[] good = CrossCheckTest.jdkSign(algorithm, null, pair, MESSAGE);
        List<byte[]> bad = new ArrayList<>(List.of(Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1),
                new byte[good.length], new byte[0], new byte[] {0x30, 0x00},
                new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}));
        for (int i = 0; i < good.length; i++) {
            // every byte: in EdDSA some make R no point at all, some S too large, some just wrong
            bad.add(flip(good, i));
        }
        for (byte[] signature : bad) {
            String jdk = verdict(() -> CrossCheckTest.jdkVerify(algorithm, null, pair, MESSAGE, signature));
            String ours = verdict(() -> openssl.verify(algorithm, null, pair.getPublic(), MESSAGE, signature));
            assertEquals(algorithm + " " + HexFormat.of().formatHex(signature), jdk, ours);
        }
    }

    @Test
    public void aPointOffTheCurveIsRejectedForAgreementAndVerification() throws Exception {
        byte[] encoded = p256.getPublic().getEncoded();
        encoded[encoded.length - 1] ^= 1; // y no longer fits x
        PublicKey offCurve = new EncodedPublicKey("EC", encoded);
        KeyPair ours = openssl.generate("EC", new ECGenParameterSpec("secp256r1"), 0);
        String jdk = verdict(() -> {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(p256.getPrivate());
            agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(encoded)), true);
            return agreement.generateSecret() != null;
        });
        assertEquals("rejected", jdk);
        assertEquals(jdk, verdict(() -> openssl.agree("ECDH", ours.getPrivate(), offCurve) != null));
        assertEquals("rejected", verdict(() -> openssl.verify("SHA256withECDSA", null, offCurve, MESSAGE,
                CrossCheckTest.jdkSign("SHA256withECDSA", null, p256, MESSAGE))));
        // the same point as an ECPublicKey, which the engine imports from its coordinates
        java.security.spec.ECPoint w = ((ECPublicKey) p256.getPublic()).getW();
        PublicKey offCurvePoint = new PointKey(new java.security.spec.ECPoint(w.getAffineX(), w.getAffineY().add(java.math.BigInteger.ONE)),
                ((ECPublicKey) p256.getPublic()).getParams());
        assertEquals(jdk, verdict(() -> openssl.agree("ECDH", ours.getPrivate(), offCurvePoint) != null));
    }

    /** An EC public key that is only a point and its curve. */
    private record PointKey(java.security.spec.ECPoint getW, java.security.spec.ECParameterSpec getParams) implements ECPublicKey {
        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    @Test
    public void smallOrderX25519KeysAreRejectedAsByTheJdk() throws Exception {
        KeyPair ours = openssl.generate("X25519", null, 255);
        for (String u : new String[] {"0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000"}) {
            byte[] spki = XecCurve.X25519.spki(HexFormat.of().parseHex(u));
            PublicKey peer = KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(spki));
            KeyPair jdkPair = CrossCheckTest.jdkKeyPair("XDH", NamedParameterSpec.X25519);
            String jdk = verdict(() -> {
                KeyAgreement agreement = KeyAgreement.getInstance("XDH");
                agreement.init(jdkPair.getPrivate());
                agreement.doPhase(peer, true);
                return agreement.generateSecret() != null;
            });
            assertEquals(u, jdk, verdict(() -> openssl.agree("X25519", ours.getPrivate(), peer) != null));
        }
    }

    @Test
    public void badPkcs1PaddingIsBadPaddingAsInTheJdk() throws Exception {
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] notPkcs1 = raw.doFinal(new byte[256]);
        Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        jdk.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
        try {
            jdk.doFinal(notPkcs1);
            fail("the JDK accepted it");
        } catch (BadPaddingException expected) {
            // the JDK's verdict
        }
        try {
            openssl.transform(OperationKind.DECRYPT, "RSA/ECB/PKCS1Padding", rsa.getPrivate(), notPkcs1);
            fail("the openssl engine accepted it");
        } catch (BadPaddingException expected) {
            // the same
        }
    }

    @Test
    public void keysOfTheWrongTypeAreDeclinedNotMisused() throws Exception {
        assertDeclined(() -> openssl.sign("SHA256withECDSA", null, rsa.getPrivate(), MESSAGE));
        assertDeclined(() -> openssl.sign("SHA256withRSA", null, p256.getPrivate(), MESSAGE));
        assertDeclined(() -> openssl.sign("Ed25519", null, p256.getPrivate(), MESSAGE));
        assertDeclined(() -> openssl.agree("X25519", p256.getPrivate(), p256.getPublic()));
        KeyPair p384 = CrossCheckTest.jdkKeyPair("EC", new ECGenParameterSpec("secp384r1"));
        assertDeclined(() -> openssl.agree("ECDH", p256.getPrivate(), p384.getPublic()));
    }

    @Test
    public void truncatedAndGarbageKeyEncodingsAreDeclined() throws Exception {
        byte[] encoded = p256.getPublic().getEncoded();
        assertDeclined(() -> openssl.verify("SHA256withECDSA", null,
                new EncodedPublicKey("EC", Arrays.copyOf(encoded, encoded.length - 5)), MESSAGE, new byte[8]));
        assertDeclined(() -> openssl.verify("SHA256withECDSA", null, new EncodedPublicKey("EC", new byte[91]), MESSAGE,
                new byte[8]));
        byte[] x25519 = XecCurve.X25519.spki(new byte[32]);
        // a 31-byte X25519 key: not the raw form, and not a valid SubjectPublicKeyInfo either
        assertDeclined(() -> openssl.agree("X25519", openssl.generate("X25519", null, 255).getPrivate(),
                new EncodedPublicKey("X25519", Arrays.copyOf(x25519, x25519.length - 1))));
    }

    @Test
    public void wrongSignaturesAreFalseNotErrors() throws Exception {
        byte[] other = CrossCheckTest.jdkSign("SHA256withECDSA", null, p256, "another message".getBytes(StandardCharsets.US_ASCII));
        assertFalse(openssl.verify("SHA256withECDSA", null, p256.getPublic(), MESSAGE, other));
        assertTrue(openssl.verify("SHA256withECDSA", null, p256.getPublic(), MESSAGE,
                CrossCheckTest.jdkSign("SHA256withECDSA", null, p256, MESSAGE)));
    }

    private static void assertDeclined(Callable<?> operation) throws Exception {
        try {
            operation.call();
            fail("accepted");
        } catch (InvalidKeyException expected) {
            // declined: the router offers the operation to the next engine
        }
    }

    /** {@code true}, {@code false} or {@code rejected} (any GeneralSecurityException). */
    private static String verdict(Callable<Boolean> check) throws Exception {
        try {
            return String.valueOf(check.call());
        } catch (GeneralSecurityException e) {
            return "rejected";
        }
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x40;
        return copy;
    }

    /** A public key that is only its encoding, as a foreign provider's key can be. */
    private record EncodedPublicKey(String getAlgorithm, byte[] getEncoded) implements PublicKey {
        @Override
        public String getFormat() {
            return "X.509";
        }
    }
}
