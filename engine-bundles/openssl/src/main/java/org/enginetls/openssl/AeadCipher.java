package org.enginetls.openssl;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * {@code AES/GCM/NoPadding} and {@code ChaCha20-Poly1305} over one kept {@link CipherContext}, with the
 * contract of the JDK's own implementations: the same parameter types, key and nonce checks and exception
 * types, a refusal to encrypt twice under one key and nonce, and decryption that releases no plaintext before
 * the tag is verified (input is held until {@code doFinal}; a tag mismatch is an {@link AEADBadTagException}).
 *
 * <p>One difference: when the tag does not match, the output range is zeroed, also when decrypting in place,
 * where the JDK leaves the input as it was.
 */
final class AeadCipher extends CipherSpi {

    /** The two AEAD ciphers of TLS 1.3 that this class runs. */
    enum Algorithm {
        AES_GCM("AES/GCM/NoPadding", 16),
        CHACHA20_POLY1305("ChaCha20-Poly1305", 0);

        private final String transformation;
        private final int blockSize;

        Algorithm(String transformation, int blockSize) {
            this.transformation = transformation;
            this.blockSize = blockSize;
        }

        String transformation() {
            return transformation;
        }
    }

    private static final int NONCE_LENGTH = 12;
    private static final int TAG_LENGTH = 16;
    private static final SecureRandom NONCES = new SecureRandom();

    private final LibCrypto lib;
    private final Algorithm algorithm;

    private CipherContext context;
    /** What the context holds: its cipher, for keys of this length, its key and its nonce length. */
    private MemorySegment contextCipher;
    private int contextKeyLength;
    private byte[] contextKey;
    private int contextNonceLength;

    private boolean initialized;
    private boolean encrypt;
    private byte[] nonce;
    private int tagLength;
    private byte[] lastEncryptionKey;
    private byte[] lastEncryptionNonce;
    /** Data was given since the message began: no more AAD. */
    private boolean started;
    /** A message was sealed: encryption needs a new {@code init}, decryption sets the nonce again. */
    private boolean completed;
    private final HeldInput held = new HeldInput();

    AeadCipher(LibCrypto lib, Algorithm algorithm) {
        this.lib = lib;
        this.algorithm = algorithm;
    }

    @Override
    protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
        if (algorithm != Algorithm.AES_GCM || !mode.equalsIgnoreCase("GCM")) {
            throw new NoSuchAlgorithmException(algorithm.transformation + " has no mode " + mode);
        }
    }

    @Override
    protected void engineSetPadding(String padding) throws NoSuchPaddingException {
        if (!padding.equalsIgnoreCase("NoPadding")) {
            throw new NoSuchPaddingException(algorithm.transformation + " has no padding " + padding);
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return algorithm.blockSize;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        if (!initialized) {
            throw new IllegalStateException("Cipher not initialized");
        }
        return encrypt ? Math.addExact(inputLen, tagLength) : Math.max(0, held.size() + inputLen - tagLength);
    }

    @Override
    protected byte[] engineGetIV() {
        return nonce == null ? null : nonce.clone();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (nonce == null) {
            return null;
        }
        try {
            AlgorithmParameters parameters;
            if (algorithm == Algorithm.AES_GCM) {
                parameters = AlgorithmParameters.getInstance("GCM");
                parameters.init(new GCMParameterSpec(tagLength * 8, nonce));
            } else {
                parameters = AlgorithmParameters.getInstance("ChaCha20-Poly1305");
                parameters.init(new IvParameterSpec(nonce));
            }
            return parameters;
        } catch (NoSuchAlgorithmException | InvalidParameterSpecException e) {
            throw new ProviderException(e);
        }
    }

    @Override
    protected int engineGetKeySize(Key key) throws InvalidKeyException {
        return keyBytes(key).length * 8;
    }

    @Override
    protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
        try {
            engineInit(opmode, key, (AlgorithmParameterSpec) null, random);
        } catch (InvalidAlgorithmParameterException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        AlgorithmParameterSpec spec = null;
        if (params != null) {
            try {
                spec = algorithm == Algorithm.AES_GCM ? params.getParameterSpec(GCMParameterSpec.class)
                        : params.getParameterSpec(IvParameterSpec.class);
            } catch (InvalidParameterSpecException e) {
                throw new InvalidAlgorithmParameterException(e.getMessage(), e);
            }
        }
        engineInit(opmode, key, spec, random);
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        initialized = false;
        if (opmode != Cipher.ENCRYPT_MODE && opmode != Cipher.DECRYPT_MODE) {
            throw new UnsupportedOperationException(algorithm.transformation + " encrypts and decrypts only");
        }
        boolean encrypting = opmode == Cipher.ENCRYPT_MODE;
        byte[] keyBytes = keyBytes(key);
        byte[] newNonce;
        int newTagLength;
        if (params == null) {
            if (!encrypting) {
                throw new InvalidAlgorithmParameterException(algorithm.transformation + " decryption needs the nonce");
            }
            newNonce = new byte[NONCE_LENGTH];
            (random != null ? random : NONCES).nextBytes(newNonce);
            newTagLength = TAG_LENGTH;
        } else if (algorithm == Algorithm.AES_GCM) {
            if (!(params instanceof GCMParameterSpec gcm)) {
                throw new InvalidAlgorithmParameterException("AES/GCM needs a GCMParameterSpec, not " + params);
            }
            int tagBits = gcm.getTLen();
            if (tagBits < 96 || tagBits > 128 || (tagBits & 7) != 0) {
                throw new InvalidAlgorithmParameterException("Unsupported GCM tag length " + tagBits
                        + "; must be one of {128, 120, 112, 104, 96}");
            }
            newNonce = gcm.getIV();
            if (newNonce.length == 0) {
                throw new InvalidAlgorithmParameterException("IV is empty");
            }
            newTagLength = tagBits / 8;
        } else {
            if (!(params instanceof IvParameterSpec ivSpec)) {
                throw new InvalidAlgorithmParameterException("ChaCha20-Poly1305 needs an IvParameterSpec, not " + params);
            }
            newNonce = ivSpec.getIV();
            if (newNonce.length != NONCE_LENGTH) {
                throw new InvalidAlgorithmParameterException("ChaCha20-Poly1305 nonce must be 12 bytes, not "
                        + newNonce.length);
            }
            newTagLength = TAG_LENGTH;
        }
        if (encrypting) {
            if (MessageDigest.isEqual(keyBytes, lastEncryptionKey) && MessageDigest.isEqual(newNonce, lastEncryptionNonce)) {
                String reuse = "Cannot reuse the nonce with the same key for " + algorithm.transformation + " encryption";
                if (algorithm == Algorithm.AES_GCM) {
                    throw new InvalidAlgorithmParameterException(reuse);
                }
                throw new InvalidKeyException(reuse);
            }
        }
        try {
            keyContext(keyBytes, newNonce, encrypting);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException(e);
        }
        if (encrypting) {
            lastEncryptionKey = keyBytes;
            lastEncryptionNonce = newNonce;
        }
        encrypt = encrypting;
        nonce = newNonce;
        tagLength = newTagLength;
        started = false;
        completed = false;
        held.reset();
        initialized = true;
    }

    /**
     * Brings the context to {@code key} and {@code nonce}. A context that already holds the key only takes the
     * nonce: no key schedule, which is most of an {@code init}'s cost for a 16 KiB record.
     */
    private void keyContext(byte[] key, byte[] newNonce, boolean encrypting) throws Throwable {
        if (context == null) {
            context = new CipherContext(lib);
        }
        try {
            if (contextCipher == null || contextKeyLength != key.length) {
                MemorySegment cipher = lib.cipher(evpName(key.length));
                if (cipher.equals(MemorySegment.NULL)) {
                    throw new ProviderException(lib.version() + " has no " + evpName(key.length));
                }
                context.init(cipher, null, null, encrypting);
                contextCipher = cipher;
                contextKeyLength = key.length;
                contextKey = null;
                contextNonceLength = NONCE_LENGTH;
            }
            if (newNonce.length != contextNonceLength) {
                context.setIvLength(newNonce.length);
                contextNonceLength = newNonce.length;
            }
            boolean sameKey = MessageDigest.isEqual(key, contextKey);
            context.init(null, sameKey ? null : key, newNonce, encrypting);
            contextKey = key;
        } catch (Throwable e) {
            // start from the cipher again next time
            contextCipher = null;
            throw e;
        }
    }

    private String evpName(int keyLength) {
        return algorithm == Algorithm.AES_GCM ? "AES-" + keyLength * 8 + "-GCM" : "ChaCha20-Poly1305";
    }

    /** The key's bytes, checked as the JDK checks them. */
    private byte[] keyBytes(Key key) throws InvalidKeyException {
        if (key == null) {
            throw new InvalidKeyException("The key must not be null");
        }
        if (algorithm == Algorithm.AES_GCM) {
            if (!key.getAlgorithm().equalsIgnoreCase("AES") && !key.getAlgorithm().equalsIgnoreCase("Rijndael")) {
                throw new InvalidKeyException("Wrong algorithm: AES or Rijndael required, not " + key.getAlgorithm());
            }
        } else if (!"RAW".equals(key.getFormat())) {
            throw new InvalidKeyException("Key encoding format must be RAW");
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new InvalidKeyException("Key encoding must not be null");
        }
        boolean valid = algorithm == Algorithm.AES_GCM
                ? encoded.length == 16 || encoded.length == 24 || encoded.length == 32
                : encoded.length == 32;
        if (!valid) {
            throw new InvalidKeyException("Invalid " + algorithm.transformation + " key length: " + encoded.length + " bytes");
        }
        return encoded;
    }

    /** Checks that a message may go on, and sets the nonce again for the next message after a decryption. */
    private void ready() {
        if (!initialized) {
            throw new IllegalStateException("Cipher not initialized");
        }
        if (completed) {
            if (encrypt) {
                throw new IllegalStateException("Cipher must be initialised again with a different key or nonce"
                        + " after " + algorithm.transformation + " encryption");
            }
            run(() -> context.init(null, null, nonce, false));
            completed = false;
            started = false;
            held.reset();
        }
    }

    @Override
    protected void engineUpdateAAD(byte[] src, int offset, int len) {
        ready();
        if (started) {
            throw new IllegalStateException("AAD must be supplied before encryption/decryption starts");
        }
        if (len > 0) {
            run(() -> context.updateAad(src, offset, len));
        }
    }

    @Override
    protected void engineUpdateAAD(ByteBuffer src) {
        byte[] aad = new byte[src.remaining()];
        src.get(aad);
        engineUpdateAAD(aad, 0, aad.length);
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
        byte[] output = new byte[encrypt ? inputLen : 0];
        try {
            int written = engineUpdate(input, inputOffset, inputLen, output, 0);
            return written == output.length ? output : Arrays.copyOf(output, written);
        } catch (ShortBufferException e) {
            throw new ProviderException(e);
        }
    }

    @Override
    protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        ready();
        if (inputLen == 0) {
            return 0;
        }
        started = true;
        if (!encrypt) {
            // nothing is released before the tag is verified
            held.add(input, inputOffset, inputLen);
            return 0;
        }
        if (output == null || output.length - outputOffset < inputLen) {
            throw new ShortBufferException("Output buffer too small, must be at least " + inputLen + " bytes");
        }
        byte[] source = separate(input, inputOffset, inputLen, output, outputOffset);
        int sourceOffset = source == input ? inputOffset : 0;
        return call(() -> context.update(source, sourceOffset, inputLen, output, outputOffset));
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen)
            throws IllegalBlockSizeException, BadPaddingException {
        int length = input == null ? 0 : inputLen;
        byte[] output = new byte[encrypt ? length + tagLength : Math.max(0, held.size() + length - tagLength)];
        try {
            int written = engineDoFinal(input, inputOffset, length, output, 0);
            return written == output.length ? output : Arrays.copyOf(output, written);
        } catch (ShortBufferException e) {
            throw new ProviderException(e);
        }
    }

    @Override
    protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        ready();
        if (input == null) {
            input = new byte[0];
            inputOffset = 0;
            inputLen = 0;
        }
        return encrypt ? seal(input, inputOffset, inputLen, output, outputOffset)
                : open(input, inputOffset, inputLen, output, outputOffset);
    }

    private int seal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException {
        int needed = inputLen + tagLength;
        if (output == null || output.length - outputOffset < needed) {
            throw new ShortBufferException("Output buffer too small, must be at least " + needed + " bytes");
        }
        byte[] source = separate(input, inputOffset, inputLen, output, outputOffset);
        int sourceOffset = source == input ? inputOffset : 0;
        int written = inputLen == 0 ? 0 : call(() -> context.update(source, sourceOffset, inputLen, output, outputOffset));
        completed = true;
        run(() -> {
            if (!context.complete()) {
                throw new IllegalStateException("EVP_CipherFinal_ex failed to seal the message");
            }
            context.tag(output, outputOffset + written, tagLength);
        });
        return written + tagLength;
    }

    private int open(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
            throws ShortBufferException, AEADBadTagException {
        int total = held.size() + inputLen;
        if (total < tagLength) {
            completed = true;
            throw new AEADBadTagException("Input data too short to contain an expected tag length of " + tagLength + " bytes");
        }
        int plaintext = total - tagLength;
        if (plaintext > 0 && (output == null || output.length - outputOffset < plaintext)) {
            throw new ShortBufferException("Output buffer too small, must be at least " + plaintext + " bytes");
        }
        byte[] message = input;
        int messageOffset = inputOffset;
        if (held.size() > 0) {
            held.add(input, inputOffset, inputLen);
            message = held.array();
            messageOffset = 0;
        }
        completed = true;
        byte[] ciphertext = plaintext == 0 ? message : separate(message, messageOffset, plaintext, output, outputOffset);
        int ciphertextOffset = ciphertext == message ? messageOffset : 0;
        byte[] tagSource = message;
        int tagOffset = messageOffset + plaintext;
        boolean verified = call(() -> {
            context.expectTag(tagSource, tagOffset, tagLength);
            if (plaintext > 0) {
                context.update(ciphertext, ciphertextOffset, plaintext, output, outputOffset);
            }
            return context.complete();
        });
        if (!verified) {
            if (plaintext > 0) {
                Arrays.fill(output, outputOffset, outputOffset + plaintext, (byte) 0);
            }
            throw new AEADBadTagException("Tag mismatch");
        }
        return plaintext;
    }

    /**
     * {@code input} itself, or a copy of its range when that range overlaps the output's at another offset
     * (OpenSSL works in place or on separate buffers, not on buffers that partly overlap).
     */
    private static byte[] separate(byte[] input, int inputOffset, int length, byte[] output, int outputOffset) {
        if (input != output || inputOffset == outputOffset
                || inputOffset + length <= outputOffset || outputOffset + length <= inputOffset) {
            return input;
        }
        return Arrays.copyOfRange(input, inputOffset, inputOffset + length);
    }

    @FunctionalInterface
    private interface NativeStep {
        void run() throws Throwable;
    }

    @FunctionalInterface
    private interface NativeValue<T> {
        T call() throws Throwable;
    }

    private static void run(NativeStep step) {
        call(() -> {
            step.run();
            return null;
        });
    }

    private static <T> T call(NativeValue<T> value) {
        try {
            return value.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException(e);
        }
    }
}
