package org.enginetls.openssl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.enginetls.engine.OperationKind;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The engine's record ciphers against the JDK's {@code AES/GCM/NoPadding} and {@code ChaCha20-Poly1305}: the
 * same ciphertext and tag for every key size, message length (empty too), AAD and nonce length; what one seals
 * the other opens; the same exception type for a bad tag, a short message, a wrong key or nonce length and a
 * reused nonce. The {@code ChaCha7539} cipher and {@code Poly1305} MAC that BCJSSE builds ChaCha20-Poly1305 from
 * are checked by building it from them and comparing with the JDK's.
 */
public class RecordCipherTest {

    private static final String GCM = "AES/GCM/NoPadding";
    private static final String CHACHA = "ChaCha20-Poly1305";
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 255, 16384 + 1 + 16};
    private static final int[] AAD_LENGTHS = {0, 5, 13, 100};

    private static OpenSslEngine engine;
    private final Random random = new Random(7);

    @BeforeClass
    public static void engine() {
        engine = new OpenSslEngine(OpenSslSettings.defaults());
    }

    @Test
    public void theEngineDeclaresTheRecordCiphersBcjsseAsksFor() {
        for (String name : List.of(CHACHA, "ChaCha7539")) {
            assertTrue(name, engine.capabilities().supports(OperationKind.CIPHER, name));
        }
        assertTrue(engine.capabilities().supports(OperationKind.MAC, "Poly1305"));
    }

    /** AES-GCM stays with the software engine (the JDK's intrinsics) unless the setting hands it to OpenSSL. */
    @Test
    public void aesGcmIsDeclaredOnlyWhenTheSettingAsksForIt() {
        assertFalse(engine.capabilities().supports(OperationKind.CIPHER, GCM));
        OpenSslSettings withGcm = OpenSslSettings.from(Map.of("aesGcm", "true"));
        assertTrue(withGcm.aesGcm());
        assertTrue(new OpenSslEngine(withGcm).capabilities().supports(OperationKind.CIPHER, GCM));
        assertFalse(OpenSslSettings.from(Map.of("aesGcm", "false")).aesGcm());
        assertEquals(IllegalArgumentException.class, failure(() -> OpenSslSettings.from(Map.of("aesGcm", "yes"))));
    }

    @Test
    public void aesGcmSealsAsTheJdkDoesAndOpensWhatTheJdkSeals() throws Exception {
        for (int keyLength : new int[] {16, 24, 32}) {
            for (int nonceLength : new int[] {12, 1, 16, 60}) {
                crossCheck(GCM, key("AES", keyLength), new GCMParameterSpec(128, bytes(nonceLength)));
            }
        }
        for (int tagBits : new int[] {96, 104, 112, 120}) {
            crossCheck(GCM, key("AES", 16), new GCMParameterSpec(tagBits, bytes(12)));
        }
    }

    @Test
    public void chaCha20Poly1305SealsAsTheJdkDoesAndOpensWhatTheJdkSeals() throws Exception {
        crossCheck(CHACHA, key("ChaCha20", 32), new IvParameterSpec(bytes(12)));
    }

    private void crossCheck(String transformation, Key key, AlgorithmParameterSpec nonce) throws Exception {
        for (int length : LENGTHS) {
            for (int aadLength : AAD_LENGTHS) {
                // new objects: both refuse a second encryption under one key and nonce
                Cipher jdk = Cipher.getInstance(transformation, "SunJCE");
                Cipher openssl = engine.newCipher(transformation);
                byte[] plaintext = bytes(length);
                byte[] aad = bytes(aadLength);
                String what = transformation + " " + nonce + " " + length + " bytes, AAD " + aadLength;
                byte[] expected = seal(jdk, key, nonce, aad, plaintext);
                byte[] sealed = seal(openssl, key, nonce, aad, plaintext);
                assertArrayEquals(what, expected, sealed);
                assertArrayEquals(what, plaintext, open(openssl, key, nonce, aad, expected));
                assertArrayEquals(what, plaintext, open(jdk, key, nonce, aad, sealed));
            }
        }
    }

    /**
     * As TLS uses it: one cipher object per direction, a new nonce for every record, AAD and a record sealed and
     * opened in place in one array.
     */
    @Test
    public void oneCipherObjectSealsAndOpensRecordAfterRecordInPlace() throws Exception {
        for (String transformation : List.of(GCM, CHACHA)) {
            Key key = transformation.equals(GCM) ? key("AES", 16) : key("ChaCha20", 32);
            Cipher jdk = Cipher.getInstance(transformation, "SunJCE");
            Cipher sealer = engine.newCipher(transformation);
            Cipher opener = engine.newCipher(transformation);
            for (int record = 0; record < 50; record++) {
                AlgorithmParameterSpec nonce = nonce(transformation, bytes(12));
                byte[] aad = bytes(5);
                byte[] plaintext = bytes(random.nextInt(2000));
                byte[] buffer = Arrays.copyOf(plaintext, plaintext.length + 16);
                sealer.init(Cipher.ENCRYPT_MODE, key, nonce);
                sealer.updateAAD(aad);
                int sealed = sealer.doFinal(buffer, 0, plaintext.length, buffer, 0);
                assertArrayEquals(seal(jdk, key, nonce, aad, plaintext), Arrays.copyOf(buffer, sealed));
                opener.init(Cipher.DECRYPT_MODE, key, nonce);
                opener.updateAAD(aad);
                int opened = opener.doFinal(buffer, 0, sealed, buffer, 0);
                assertArrayEquals(plaintext, Arrays.copyOf(buffer, opened));
            }
        }
    }

    @Test
    public void messagesGivenInPartsGiveTheSameResult() throws Exception {
        for (String transformation : List.of(GCM, CHACHA)) {
            Key key = transformation.equals(GCM) ? key("AES", 32) : key("ChaCha20", 32);
            AlgorithmParameterSpec nonce = nonce(transformation, bytes(12));
            byte[] aad = bytes(20);
            byte[] plaintext = bytes(1000);
            byte[] expected = seal(Cipher.getInstance(transformation, "SunJCE"), key, nonce, aad, plaintext);
            Cipher openssl = engine.newCipher(transformation);
            openssl.init(Cipher.ENCRYPT_MODE, key, nonce);
            openssl.updateAAD(aad, 0, 7);
            openssl.updateAAD(aad, 7, 13);
            byte[] first = openssl.update(plaintext, 0, 333);
            byte[] rest = openssl.doFinal(plaintext, 333, plaintext.length - 333);
            assertArrayEquals(transformation, expected, concat(first, rest));
            openssl.init(Cipher.DECRYPT_MODE, key, nonce);
            openssl.updateAAD(aad);
            byte[] nothingYet = openssl.update(expected, 0, 500);
            assertEquals("no plaintext before the tag is verified", 0, nothingYet == null ? 0 : nothingYet.length);
            assertArrayEquals(transformation, plaintext, openssl.doFinal(expected, 500, expected.length - 500));
        }
    }

    /** A verdict, as the JDK gives it: AEADBadTagException, and no plaintext released. */
    @Test
    public void aTamperedMessageOrAadFailsWithTheJdksVerdict() throws Exception {
        for (String transformation : List.of(GCM, CHACHA)) {
            Key key = transformation.equals(GCM) ? key("AES", 16) : key("ChaCha20", 32);
            AlgorithmParameterSpec nonce = nonce(transformation, bytes(12));
            byte[] aad = bytes(13);
            byte[] sealed = seal(Cipher.getInstance(transformation, "SunJCE"), key, nonce, aad, bytes(300));
            for (int position : new int[] {0, 150, sealed.length - 1}) {
                byte[] tampered = sealed.clone();
                tampered[position] ^= 1;
                sameVerdict(transformation, key, nonce, aad, tampered);
            }
            byte[] otherAad = aad.clone();
            otherAad[0] ^= 1;
            sameVerdict(transformation, key, nonce, otherAad, sealed);
            sameVerdict(transformation, key, nonce, aad, Arrays.copyOf(sealed, 15));
            sameVerdict(transformation, key, nonce, aad, new byte[0]);
        }
    }

    private void sameVerdict(String transformation, Key key, AlgorithmParameterSpec nonce, byte[] aad, byte[] message)
            throws Exception {
        Class<?> jdk = failure(() -> open(Cipher.getInstance(transformation, "SunJCE"), key, nonce, aad, message));
        assertEquals(transformation + " JDK", AEADBadTagException.class, jdk);
        Cipher openssl = engine.newCipher(transformation);
        byte[] output = new byte[message.length];
        Arrays.fill(output, (byte) 0x55);
        Class<?> ours = failure(() -> {
            openssl.init(Cipher.DECRYPT_MODE, key, nonce);
            openssl.updateAAD(aad);
            return openssl.doFinal(message, 0, message.length, output, 0);
        });
        assertEquals(transformation, jdk, ours);
        for (int i = 0; i < Math.max(0, message.length - 16); i++) {
            assertEquals("no plaintext released at " + i, 0, output[i]);
        }
        // the failure reset the object, it did not break it: trying again gets the same verdict
        assertEquals(transformation, AEADBadTagException.class, failure(() -> openssl.doFinal(message)));
    }

    @Test
    public void wrongKeyLengthsAreRejectedAsTheJdkRejectsThem() throws Exception {
        for (int length : new int[] {0, 8, 15, 17, 20, 31, 33, 64}) {
            sameInitFailure(GCM, key("AES", length), new GCMParameterSpec(128, bytes(12)));
        }
        for (int length : new int[] {0, 16, 31, 33}) {
            sameInitFailure(CHACHA, key("ChaCha20", length), new IvParameterSpec(bytes(12)));
        }
    }

    @Test
    public void wrongNoncesAndTagLengthsAreRejectedAsTheJdkRejectsThem() throws Exception {
        sameInitFailure(GCM, key("AES", 16), new GCMParameterSpec(128, new byte[0]));
        sameInitFailure(GCM, key("AES", 16), new GCMParameterSpec(64, bytes(12)));
        sameInitFailure(GCM, key("AES", 16), new GCMParameterSpec(127, bytes(12)));
        sameInitFailure(GCM, key("AES", 16), new IvParameterSpec(bytes(12)));
        for (int length : new int[] {0, 8, 11, 13, 16}) {
            sameInitFailure(CHACHA, key("ChaCha20", 32), new IvParameterSpec(new byte[length]));
        }
        sameInitFailure(CHACHA, key("ChaCha20", 32), new GCMParameterSpec(128, bytes(12)));
    }

    @Test
    public void encryptingTwiceUnderOneKeyAndNonceIsRefusedAsTheJdkRefusesIt() throws Exception {
        for (String transformation : List.of(GCM, CHACHA)) {
            Key key = transformation.equals(GCM) ? key("AES", 16) : key("ChaCha20", 32);
            AlgorithmParameterSpec nonce = nonce(transformation, bytes(12));
            Cipher jdk = Cipher.getInstance(transformation, "SunJCE");
            Cipher openssl = engine.newCipher(transformation);
            jdk.init(Cipher.ENCRYPT_MODE, key, nonce);
            openssl.init(Cipher.ENCRYPT_MODE, key, nonce);
            assertEquals(transformation, failure(() -> {
                jdk.init(Cipher.ENCRYPT_MODE, key, nonce);
                return null;
            }), failure(() -> {
                openssl.init(Cipher.ENCRYPT_MODE, key, nonce);
                return null;
            }));
        }
    }

    private void sameInitFailure(String transformation, Key key, AlgorithmParameterSpec spec) throws Exception {
        Class<?> jdk = failure(() -> {
            Cipher.getInstance(transformation, "SunJCE").init(Cipher.ENCRYPT_MODE, key, spec);
            return null;
        });
        Class<?> ours = failure(() -> {
            engine.newCipher(transformation).init(Cipher.ENCRYPT_MODE, key, spec);
            return null;
        });
        assertTrue(transformation + " " + spec + ": the JDK refuses it", jdk == InvalidKeyException.class
                || jdk == InvalidAlgorithmParameterException.class);
        assertEquals(transformation + " " + spec + " key of " + key.getEncoded().length + " bytes", jdk, ours);
    }

    /** The JDK's ChaCha20 (counter 0) gives the key stream that {@code ChaCha7539} gives. */
    @Test
    public void chaCha7539IsRfc7539ChaCha20FromBlockZero() throws Exception {
        Key key = key("ChaCha7539", 32);
        byte[] nonce = bytes(12);
        for (int length : LENGTHS) {
            byte[] input = bytes(length);
            Cipher jdk = Cipher.getInstance("ChaCha20", "SunJCE");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.getEncoded(), "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
            Cipher openssl = engine.newCipher("ChaCha7539");
            openssl.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            byte[] expected = jdk.doFinal(input);
            assertArrayEquals(length + " bytes", expected, openssl.doFinal(input));
            assertArrayEquals("doFinal starts the key stream again", expected, openssl.doFinal(input));
        }
    }

    /**
     * ChaCha20-Poly1305 as BCJSSE builds it (block 0 of the key stream keys Poly1305 over the padded AAD, the
     * ciphertext and their lengths) from the engine's {@code ChaCha7539} and {@code Poly1305} equals the JDK's.
     */
    @Test
    public void chaCha7539AndPoly1305BuildTheJdksChaCha20Poly1305() throws Exception {
        Cipher stream = engine.newCipher("ChaCha7539");
        Mac poly1305 = engine.newMac("Poly1305");
        Cipher jdk = Cipher.getInstance(CHACHA, "SunJCE");
        for (int length : LENGTHS) {
            for (int aadLength : AAD_LENGTHS) {
                byte[] key = bytes(32);
                byte[] nonce = bytes(12);
                byte[] aad = bytes(aadLength);
                byte[] plaintext = bytes(length);
                byte[] expected = seal(jdk, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce), aad, plaintext);

                stream.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha7539"), new IvParameterSpec(nonce));
                byte[] blocks = stream.doFinal(concat(new byte[64], plaintext));
                poly1305.init(new SecretKeySpec(blocks, 0, 32, "Poly1305"));
                poly1305.update(aad);
                poly1305.update(new byte[(16 - aadLength % 16) % 16]);
                poly1305.update(blocks, 64, length);
                poly1305.update(new byte[(16 - length % 16) % 16]);
                poly1305.update(littleEndian(aadLength));
                poly1305.update(littleEndian(length));
                byte[] built = concat(Arrays.copyOfRange(blocks, 64, blocks.length), poly1305.doFinal());
                assertArrayEquals(length + " bytes, AAD " + aadLength, expected, built);
            }
        }
    }

    @Test
    public void chaCha7539AndPoly1305RejectWrongKeysAndNonces() throws Exception {
        Cipher stream = engine.newCipher("ChaCha7539");
        assertEquals(InvalidKeyException.class, failure(() -> {
            stream.init(Cipher.ENCRYPT_MODE, key("ChaCha7539", 16), new IvParameterSpec(bytes(12)));
            return null;
        }));
        assertEquals(InvalidAlgorithmParameterException.class, failure(() -> {
            stream.init(Cipher.ENCRYPT_MODE, key("ChaCha7539", 32), new IvParameterSpec(bytes(8)));
            return null;
        }));
        Mac poly1305 = engine.newMac("Poly1305");
        assertEquals(InvalidKeyException.class, failure(() -> {
            poly1305.init(key("Poly1305", 16));
            return null;
        }));
    }

    private static byte[] seal(Cipher cipher, Key key, AlgorithmParameterSpec nonce, byte[] aad, byte[] plaintext)
            throws GeneralSecurityException {
        cipher.init(Cipher.ENCRYPT_MODE, key, nonce);
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plaintext);
        // the JDK refuses a second encryption under the same key and nonce: move it on
        cipher.init(Cipher.DECRYPT_MODE, key, nonce);
        return sealed;
    }

    private static byte[] open(Cipher cipher, Key key, AlgorithmParameterSpec nonce, byte[] aad, byte[] sealed)
            throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, nonce);
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed);
    }

    @FunctionalInterface
    private interface Attempt {
        Object run() throws Exception;
    }

    /** The type of exception {@code attempt} throws, or {@code null}. */
    private static Class<?> failure(Attempt attempt) {
        try {
            attempt.run();
            return null;
        } catch (Exception e) {
            return e.getClass();
        }
    }

    private static AlgorithmParameterSpec nonce(String transformation, byte[] nonce) {
        return transformation.equals(GCM) ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
    }

    private Key key(String algorithm, int length) {
        byte[] key = bytes(length);
        return length == 0 ? new EmptyKey(algorithm) : new SecretKeySpec(key, algorithm);
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] a = first == null ? new byte[0] : first;
        byte[] b = second == null ? new byte[0] : second;
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] littleEndian(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    /** A raw key of no bytes, which {@link SecretKeySpec} cannot represent. */
    private record EmptyKey(String getAlgorithm) implements javax.crypto.SecretKey {
        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
