package org.enginetls.provider.routing;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.security.AlgorithmParameters;
import java.security.DrbgParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RoutingProvider;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every routed JCA object answers the JCA's queries as the JDK's object for the same algorithm
 * answers them, before and after initialisation. The software engine runs these algorithms on the
 * JDK's providers, so the answers must be equal, not merely plausible: BouncyCastle's TLS sizes
 * record fields from them (the CBC explicit IV from {@code getBlockSize()} before {@code init}).
 */
public class RoutedObjectsAnswerLikeTheJdkTest {

    private static final byte[] AES_KEY = new byte[16];
    private static final byte[] CHACHA_KEY = new byte[32];
    private static final byte[] IV = new byte[16];
    private static final byte[] NONCE = new byte[12];

    private static Provider routed;
    private static KeyPair rsa;

    @BeforeClass
    public static void createRouter() throws Exception {
        routed = new RoutingProvider(new ProviderCore(ProviderSettings.DEFAULTS).router(), List.of());
        rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        for (int i = 0; i < 32; i++) {
            CHACHA_KEY[i] = (byte) i;
            IV[i % IV.length] = (byte) (i * 7);
            NONCE[i % NONCE.length] = (byte) (i * 3);
        }
    }

    @Test
    public void cipherBlockSizeIvAndParametersBeforeInitAreTheJdks() throws Exception {
        for (String transformation : List.of("AES/CBC/NoPadding", "AES/GCM/NoPadding", "ChaCha20-Poly1305",
                "AES/ECB/NoPadding", "RSA/ECB/PKCS1Padding")) {
            Cipher ours = Cipher.getInstance(transformation, routed);
            Cipher jdk = Cipher.getInstance(transformation, "SunJCE");

            assertEquals(transformation + " block size", jdk.getBlockSize(), ours.getBlockSize());
            assertArrayEquals(transformation + " IV", jdk.getIV(), ours.getIV());
            assertSameKind(transformation, jdk.getParameters(), ours.getParameters());
        }
    }

    @Test
    public void cbcCipherAnswersLikeTheJdksAfterInit() throws Exception {
        assertInitialisedAlike("AES/CBC/NoPadding", new SecretKeySpec(AES_KEY, "AES"), new IvParameterSpec(IV));
    }

    @Test
    public void gcmCipherAnswersLikeTheJdksAfterInit() throws Exception {
        assertInitialisedAlike("AES/GCM/NoPadding", new SecretKeySpec(AES_KEY, "AES"), new GCMParameterSpec(128, NONCE));
    }

    @Test
    public void chaCha20Poly1305CipherAnswersLikeTheJdksAfterInit() throws Exception {
        assertInitialisedAlike("ChaCha20-Poly1305", new SecretKeySpec(CHACHA_KEY, "ChaCha20"), new IvParameterSpec(NONCE));
    }

    @Test
    public void rsaCipherAnswersLikeTheJdksAfterInit() throws Exception {
        for (int mode : new int[] {Cipher.ENCRYPT_MODE, Cipher.DECRYPT_MODE}) {
            Cipher ours = Cipher.getInstance("RSA/ECB/PKCS1Padding", routed);
            Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding", "SunJCE");
            java.security.Key key = mode == Cipher.ENCRYPT_MODE ? rsa.getPublic() : rsa.getPrivate();
            ours.init(mode, key);
            jdk.init(mode, key);

            assertEquals("block size", jdk.getBlockSize(), ours.getBlockSize());
            assertArrayEquals("IV", jdk.getIV(), ours.getIV());
            assertNull("parameters", ours.getParameters());
            assertNull("parameters", jdk.getParameters());
            for (int length : new int[] {0, 48, 245}) {
                assertEquals("output size for " + length + " bytes, mode " + mode, jdk.getOutputSize(length),
                        ours.getOutputSize(length));
            }
        }
    }

    @Test
    public void cbcRecordsEncryptedBeforeAnyQueryAndAfterOneAreTheJdks() throws Exception {
        byte[] record = new byte[48];
        Cipher jdk = Cipher.getInstance("AES/CBC/NoPadding", "SunJCE");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(AES_KEY, "AES"), new IvParameterSpec(IV));
        Cipher queriedFirst = Cipher.getInstance("AES/CBC/NoPadding", routed);
        queriedFirst.getBlockSize();
        queriedFirst.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(AES_KEY, "AES"), new IvParameterSpec(IV));

        assertArrayEquals(jdk.doFinal(record), queriedFirst.doFinal(record));
    }

    /** {@code Cipher.doFinal()} and {@code doFinal(output, offset)} reach the SPI with a null input, as BouncyCastle's CBC records do. */
    @Test
    public void cipherFinishesWithoutFurtherInputAsTheJdksDoes() throws Exception {
        SecretKeySpec key = new SecretKeySpec(AES_KEY, "AES");
        byte[] record = new byte[32];
        Cipher jdk = Cipher.getInstance("AES/CBC/NoPadding", "SunJCE");
        jdk.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(IV));
        byte[] expected = jdk.doFinal(record);

        Cipher ours = Cipher.getInstance("AES/CBC/NoPadding", routed);
        ours.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(IV));
        byte[] output = new byte[record.length];
        int written = ours.update(record, 0, record.length, output, 0);
        written += ours.doFinal(output, written);
        assertEquals(record.length, written);
        assertArrayEquals(expected, output);

        ours.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(IV));
        byte[] first = ours.update(record);
        byte[] last = ours.doFinal();
        assertEquals(record.length, first.length + last.length);
    }

    @Test
    public void cipherWrapsAndUnwrapsKeysAsTheJdksDoes() throws Exception {
        SecretKeySpec key = new SecretKeySpec(AES_KEY, "AES");
        SecretKeySpec wrapped = new SecretKeySpec(CHACHA_KEY, "AES");
        Cipher jdk = Cipher.getInstance("AES/CBC/NoPadding", "SunJCE");
        jdk.init(Cipher.WRAP_MODE, key, new IvParameterSpec(IV));
        Cipher ours = Cipher.getInstance("AES/CBC/NoPadding", routed);
        ours.init(Cipher.WRAP_MODE, key, new IvParameterSpec(IV));

        byte[] encoded = ours.wrap(wrapped);
        assertArrayEquals(jdk.wrap(wrapped), encoded);
        ours.init(Cipher.UNWRAP_MODE, key, new IvParameterSpec(IV));
        assertArrayEquals(CHACHA_KEY, ours.unwrap(encoded, "AES", Cipher.SECRET_KEY).getEncoded());
    }

    @Test
    public void macLengthBeforeAndAfterInitIsTheJdks() throws Exception {
        for (String algorithm : List.of("HmacSHA256", "HmacSHA384")) {
            Mac ours = Mac.getInstance(algorithm, routed);
            Mac jdk = Mac.getInstance(algorithm, "SunJCE");
            assertEquals(algorithm + " before init", jdk.getMacLength(), ours.getMacLength());

            ours.init(new SecretKeySpec(AES_KEY, algorithm));
            jdk.init(new SecretKeySpec(AES_KEY, algorithm));
            assertEquals(algorithm + " after init", jdk.getMacLength(), ours.getMacLength());
            assertArrayEquals(algorithm, jdk.doFinal(IV), ours.doFinal(IV));
        }
    }

    @Test
    public void digestLengthAndClonesAreTheJdks() throws Exception {
        for (String algorithm : List.of("SHA-256", "SHA-384")) {
            MessageDigest ours = MessageDigest.getInstance(algorithm, routed);
            MessageDigest jdk = MessageDigest.getInstance(algorithm, "SUN");
            assertEquals(algorithm, jdk.getDigestLength(), ours.getDigestLength());

            ours.update(IV);
            jdk.update(IV);
            MessageDigest copy = (MessageDigest) ours.clone();
            byte[] expected = jdk.digest();
            assertArrayEquals(algorithm + " clone", expected, copy.digest());
            assertArrayEquals(algorithm, expected, ours.digest());
        }
    }

    @Test
    public void signatureParametersAreTheJdks() throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA", routed);
        assertNull("ECDSA has no parameters, as with SunEC", Signature.getInstance("SHA256withECDSA", "SunEC").getParameters());
        assertNull(ecdsa.getParameters());

        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        Signature ours = Signature.getInstance("RSASSA-PSS", routed);
        Signature jdk = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
        assertNull("RSASSA-PSS before its parameters, as with SunRsaSign", jdk.getParameters());
        assertNull(ours.getParameters());
        ours.setParameter(pss);
        jdk.setParameter(pss);
        ours.initSign(rsa.getPrivate());
        jdk.initVerify(rsa.getPublic());

        AlgorithmParameters parameters = ours.getParameters();
        assertEquals(jdk.getParameters().getAlgorithm(), parameters.getAlgorithm());
        assertArrayEquals(jdk.getParameters().getEncoded(), parameters.getEncoded());
        ours.update(IV);
        jdk.update(IV);
        assertEquals("a routed PSS signature verifies with the JDK", true, jdk.verify(ours.sign()));
    }

    @Test
    public void keyAgreementSecretsAreTheJdks() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair mine = generator.generateKeyPair();
        KeyPair peer = generator.generateKeyPair();
        KeyAgreement ours = KeyAgreement.getInstance("ECDH", routed);
        KeyAgreement jdk = KeyAgreement.getInstance("ECDH", "SunEC");
        ours.init(mine.getPrivate());
        jdk.init(mine.getPrivate());
        assertNull(ours.doPhase(peer.getPublic(), true));
        jdk.doPhase(peer.getPublic(), true);

        assertArrayEquals(jdk.generateSecret(), ours.generateSecret());
    }

    /**
     * RFC 5246 8.1.2 strips a DH secret's leading zero bytes, and the JSSE's name for that is
     * {@code TlsPremasterSecret}; one DH agreement in 256 has such a byte, so without it one TLS 1.2 DHE
     * handshake in 256 fails.
     */
    @Test
    public void diffieHellmanPremasterSecretLosesItsLeadingZerosAsWithTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DH", "SunJCE");
        generator.initialize(2048);
        KeyPair mine = generator.generateKeyPair();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            KeyPair peer = generator.generateKeyPair();
            KeyAgreement jdk = KeyAgreement.getInstance("DH", "SunJCE");
            jdk.init(mine.getPrivate());
            jdk.doPhase(peer.getPublic(), true);
            byte[] raw = jdk.generateSecret();
            if (raw[0] != 0) {
                continue;
            }
            jdk.doPhase(peer.getPublic(), true);
            KeyAgreement ours = KeyAgreement.getInstance("DH", routed);
            ours.init(mine.getPrivate());
            ours.doPhase(peer.getPublic(), true);

            assertArrayEquals(jdk.generateSecret("TlsPremasterSecret").getEncoded(),
                    ours.generateSecret("TlsPremasterSecret").getEncoded());
            return;
        }
        throw new AssertionError("no DH secret with a leading zero byte in 10000 agreements");
    }

    @Test
    public void keyFactoryAndKeyPairGeneratorAnswerLikeTheJdks() throws Exception {
        KeyPairGenerator ours = KeyPairGenerator.getInstance("EC", routed);
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", "SunEC");
        ours.initialize(new ECGenParameterSpec("secp384r1"));
        jdk.initialize(new ECGenParameterSpec("secp384r1"));
        ECPublicKey generated = (ECPublicKey) ours.generateKeyPair().getPublic();
        assertEquals(((ECPublicKey) jdk.generateKeyPair().getPublic()).getParams().getOrder(), generated.getParams().getOrder());

        KeyFactory factory = KeyFactory.getInstance("EC", routed);
        KeyFactory jdkFactory = KeyFactory.getInstance("EC", "SunEC");
        ECPublicKeySpec spec = jdkFactory.getKeySpec(generated, ECPublicKeySpec.class);
        assertEquals(spec.getW(), factory.getKeySpec(generated, ECPublicKeySpec.class).getW());
        assertArrayEquals(jdkFactory.generatePublic(spec).getEncoded(), factory.generatePublic(spec).getEncoded());
        assertArrayEquals(generated.getEncoded(),
                factory.generatePublic(new X509EncodedKeySpec(generated.getEncoded())).getEncoded());
        assertArrayEquals(generated.getEncoded(), factory.translateKey(generated).getEncoded());
    }

    /** The software engine's "DEFAULT" random is the JDK's DRBG: its parameters and DRBG requests pass through. */
    @Test
    public void secureRandomAnswersLikeTheJdksDrbg() throws Exception {
        SecureRandom ours = SecureRandom.getInstance("DEFAULT", routed);
        SecureRandom jdk = SecureRandom.getInstance("DRBG");
        assertEquals(jdk.getParameters().getClass(), ours.getParameters().getClass());
        assertEquals(jdk.getParameters().toString(), ours.getParameters().toString());

        byte[] bytes = new byte[32];
        ours.nextBytes(bytes);
        ours.nextBytes(bytes, DrbgParameters.nextBytes(128, false, new byte[] {1, 2, 3}));
        ours.reseed(DrbgParameters.reseed(false, new byte[] {4}));
        assertEquals(16, ours.generateSeed(16).length);
    }

    private static void assertInitialisedAlike(String transformation, SecretKeySpec key,
            java.security.spec.AlgorithmParameterSpec parameters) throws Exception {
        for (int mode : new int[] {Cipher.ENCRYPT_MODE, Cipher.DECRYPT_MODE}) {
            Cipher ours = Cipher.getInstance(transformation, routed);
            Cipher jdk = Cipher.getInstance(transformation, "SunJCE");
            ours.init(mode, key, parameters);
            jdk.init(mode, key, parameters);

            String what = transformation + " mode " + mode;
            assertEquals(what + " block size", jdk.getBlockSize(), ours.getBlockSize());
            assertArrayEquals(what + " IV", jdk.getIV(), ours.getIV());
            assertArrayEquals(what + " parameters", jdk.getParameters().getEncoded(), ours.getParameters().getEncoded());
            for (int length : new int[] {0, 1, 16, 17, 1000}) {
                assertEquals(what + " output size for " + length, jdk.getOutputSize(length), ours.getOutputSize(length));
            }
        }
    }

    /** Parameters made before init hold a random IV: equal in kind and size, not in value. */
    private static void assertSameKind(String transformation, AlgorithmParameters expected, AlgorithmParameters actual)
            throws Exception {
        if (expected == null) {
            assertNull(transformation + " parameters", actual);
            return;
        }
        assertNotNull(transformation + " parameters", actual);
        assertEquals(transformation, expected.getAlgorithm(), actual.getAlgorithm());
        assertEquals(transformation, expected.getEncoded().length, actual.getEncoded().length);
    }
}
