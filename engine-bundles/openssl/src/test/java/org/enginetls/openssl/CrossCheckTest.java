package org.enginetls.openssl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;

import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignatureNames;
import org.enginetls.testing.EngineCalls;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every operation of the engine against the JDK's own result: what one signs the other verifies, both
 * sides of an agreement get the same secret, what one encrypts the other decrypts.
 */
public class CrossCheckTest {

    private static final byte[] MESSAGE = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);

    private static EngineCalls openssl;
    private static KeyPair p256;
    private static KeyPair p384;
    private static KeyPair rsa;
    private static KeyPair ed25519;

    @BeforeClass
    public static void keys() throws Exception {
        openssl = new EngineCalls(new OpenSslEngine(OpenSslSettings.defaults()));
        p256 = jdkKeyPair("EC", new ECGenParameterSpec("secp256r1"));
        p384 = jdkKeyPair("EC", new ECGenParameterSpec("secp384r1"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static KeyPair jdkKeyPair(String algorithm, java.security.spec.AlgorithmParameterSpec parameters) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(parameters);
        return generator.generateKeyPair();
    }

    @Test
    public void ecdsaSignaturesVerifyBothWays() throws Exception {
        for (String algorithm : List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA")) {
            for (KeyPair pair : List.of(p256, p384)) {
                crossSign(algorithm, algorithm, null, pair);
            }
        }
    }

    @Test
    public void prehashedEcdsaAsBouncyCastleSignsTls13VerifiesBothWays() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        byte[] ours = openssl.sign("NONEwithECDSA", null, p256.getPrivate(), digest);
        assertTrue(jdkVerify("SHA256withECDSA", null, p256, MESSAGE, ours));
        byte[] jdk = jdkSign("SHA256withECDSA", null, p256, MESSAGE);
        assertTrue(openssl.verify("NONEwithECDSA", null, p256.getPublic(), digest, jdk));
    }

    @Test
    public void rsaPkcs1SignaturesAreTheJdksByteForByte() throws Exception {
        for (String algorithm : List.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA")) {
            crossSign(algorithm, algorithm, null, rsa);
            // PKCS#1 v1.5 is deterministic: the very same bytes
            assertArrayEquals(jdkSign(algorithm, null, rsa, MESSAGE), openssl.sign(algorithm, null, rsa.getPrivate(), MESSAGE));
        }
    }

    @Test
    public void rawRsaOverADigestInfoIsSha256WithRsa() throws Exception {
        byte[] digestInfo = concat(java.util.HexFormat.of().parseHex("3031300d060960864801650304020105000420"),
                MessageDigest.getInstance("SHA-256").digest(MESSAGE));
        byte[] ours = openssl.sign("NONEwithRSA", null, rsa.getPrivate(), digestInfo);
        assertArrayEquals(jdkSign("SHA256withRSA", null, rsa, MESSAGE), ours);
        assertTrue(openssl.verify("NONEwithRSA", null, rsa.getPublic(), digestInfo, ours));
    }

    @Test
    public void rsaPssSignaturesVerifyBothWays() throws Exception {
        for (String name : List.of("SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1")) {
            PSSParameterSpec parameters = SignatureNames.pssParameters(name);
            crossSign(name, "RSASSA-PSS", parameters, rsa);
            // the same with the parameters given explicitly, as a JCA caller of RSASSA-PSS does
            byte[] ours = openssl.sign("RSASSA-PSS", parameters, rsa.getPrivate(), MESSAGE);
            assertTrue(jdkVerify("RSASSA-PSS", parameters, rsa, MESSAGE, ours));
        }
    }

    @Test
    public void ed25519SignaturesAreTheJdksByteForByte() throws Exception {
        crossSign("Ed25519", "Ed25519", null, ed25519);
        assertArrayEquals(jdkSign("Ed25519", null, ed25519, MESSAGE), openssl.sign("Ed25519", null, ed25519.getPrivate(), MESSAGE));
    }

    @Test
    public void x25519AgreesWithTheJdk() throws Exception {
        KeyPair ours = openssl.generate("X25519", null, 255);
        KeyPair jdk = jdkKeyPair("XDH", NamedParameterSpec.X25519);
        byte[] secret = openssl.agree("X25519", ours.getPrivate(), jdk.getPublic());
        assertArrayEquals(jdkAgree("XDH", jdk, ours), secret);
        // and the JDK can use the engine's private key (another engine taking over) and JDK keys here
        assertArrayEquals(secret, jdkAgree("XDH", ours, jdk));
        assertArrayEquals(secret, openssl.agree("X25519", jdk.getPrivate(), ours.getPublic()));
        assertEquals(32, secret.length);
    }

    @Test
    public void ecdhAgreesWithTheJdkOnP256AndP384() throws Exception {
        for (String curve : List.of("secp256r1", "secp384r1")) {
            KeyPair ours = openssl.generate("EC", new ECGenParameterSpec(curve), 0);
            KeyPair jdk = jdkKeyPair("EC", new ECGenParameterSpec(curve));
            byte[] secret = openssl.agree("ECDH", ours.getPrivate(), jdk.getPublic());
            assertArrayEquals(curve, jdkAgree("ECDH", jdk, ours), secret);
            assertArrayEquals(curve, secret, jdkAgree("ECDH", ours, jdk));
            assertArrayEquals(curve, secret, openssl.agree("ECDH", jdk.getPrivate(), ours.getPublic()));
        }
    }

    @Test
    public void generatedEcKeysAreUsableByTheJdkBothHalves() throws Exception {
        // the curve given as explicit parameters, as BCJSSE gives it
        KeyPair ours = openssl.generate("EC", ((java.security.interfaces.ECPublicKey) p256.getPublic()).getParams(), 0);
        byte[] signature = jdkSign("SHA256withECDSA", null, ours, MESSAGE);
        assertTrue(openssl.verify("SHA256withECDSA", null, ours.getPublic(), MESSAGE, signature));
        assertTrue(jdkVerify("SHA256withECDSA", null, ours, MESSAGE, openssl.sign("SHA256withECDSA", null, ours.getPrivate(), MESSAGE)));
    }

    @Test
    public void rsaDecryptionReadsWhatTheJdkEncrypts() throws Exception {
        byte[] premaster = new byte[48];
        Arrays.fill(premaster, (byte) 3);
        Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        jdk.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] encrypted = jdk.doFinal(premaster);
        assertArrayEquals(premaster, openssl.transform(OperationKind.DECRYPT, "RSA/ECB/PKCS1Padding", rsa.getPrivate(), encrypted));
        byte[] ours = openssl.transform(OperationKind.ENCRYPT, "RSA/ECB/PKCS1Padding", rsa.getPublic(), premaster);
        jdk.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
        assertArrayEquals(premaster, jdk.doFinal(ours));
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
        assertArrayEquals(raw.doFinal(encrypted), openssl.transform(OperationKind.DECRYPT, "RSA/ECB/NoPadding", rsa.getPrivate(), encrypted));
    }

    /** Signs with one side and verifies with the other, both ways; a changed message fails on both. */
    private static void crossSign(String name, String jdkName, PSSParameterSpec parameters, KeyPair pair) throws Exception {
        byte[] ours = openssl.sign(name, parameters, pair.getPrivate(), MESSAGE);
        assertTrue(name, jdkVerify(jdkName, parameters, pair, MESSAGE, ours));
        byte[] jdk = jdkSign(jdkName, parameters, pair, MESSAGE);
        assertTrue(name, openssl.verify(name, parameters, pair.getPublic(), MESSAGE, jdk));
        byte[] changed = MESSAGE.clone();
        changed[0] ^= 1;
        assertEquals(name, jdkVerify(jdkName, parameters, pair, changed, ours), openssl.verify(name, parameters, pair.getPublic(), changed, jdk));
    }

    static byte[] jdkSign(String algorithm, PSSParameterSpec parameters, KeyPair pair, byte[] data) throws Exception {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(pair.getPrivate());
        if (parameters != null) {
            signature.setParameter(parameters);
        }
        signature.update(data);
        return signature.sign();
    }

    static boolean jdkVerify(String algorithm, PSSParameterSpec parameters, KeyPair pair, byte[] data, byte[] signed)
            throws Exception {
        Signature signature = Signature.getInstance(algorithm);
        signature.initVerify(pair.getPublic());
        if (parameters != null) {
            signature.setParameter(parameters);
        }
        signature.update(data);
        return signature.verify(signed);
    }

    static byte[] jdkAgree(String algorithm, KeyPair mine, KeyPair peer) throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance(algorithm);
        agreement.init(mine.getPrivate());
        agreement.doPhase(peer.getPublic(), true);
        return agreement.generateSecret();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

}
