package org.enginetls.openssl;

import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.Cipher;
import javax.crypto.Mac;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.EngineException;
import org.enginetls.engine.EngineHealth;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;

/**
 * The asymmetric operations of TLS done by the machine's OpenSSL 3 libcrypto, called through the
 * Foreign Function and Memory API: ECDSA, RSA PKCS#1 v1.5 and PSS, Ed25519 and Ed448 signatures and
 * their verification, X25519, X448 and ECDH agreement and key generation, RSA encryption and
 * decryption; and the record ciphers of TLS 1.3 as inline primitives: ChaCha20-Poly1305 both
 * whole and as the {@code ChaCha7539} cipher and {@code Poly1305} MAC that BCJSSE builds it from, and
 * AES-GCM when {@link OpenSslSettings#aesGcm()} asks for it.
 * Synchronous: every operation completes on the caller's thread before the call returns.
 *
 * <p>If the library cannot be loaded or is older than OpenSSL 3.0 the engine declares nothing and
 * reports itself failed with the reason (logged once); the provider goes on with the other engines.
 *
 * <p>On a plain class path it is found with {@link java.util.ServiceLoader} and configured with
 * system properties; in OSGi {@link OpenSslComponent} creates it from Configuration Admin. The JVM
 * should run with {@code --enable-native-access=ALL-UNNAMED}; without it the JDK prints a warning once
 * and the engine works all the same.
 */
public final class OpenSslEngine implements CryptoEngine {

    /** The engine id. */
    public static final String ID = "openssl";

    private static final System.Logger LOG = System.getLogger(OpenSslEngine.class.getName());

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws Throwable;
    }

    private final OpenSslSettings settings;
    private final LibCrypto lib;
    private final String failure;
    private final NativeKeys keys;
    private final NativeOperations operations;
    private final RecordCryptoProvider recordCrypto;
    private final EngineCapabilities capabilities;
    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder recordPrimitives = new LongAdder();

    /** An engine configured by system properties (for {@link java.util.ServiceLoader}). */
    public OpenSslEngine() {
        this(OpenSslSettings.fromSystemProperties());
    }

    public OpenSslEngine(OpenSslSettings settings) {
        this.settings = settings;
        LibCrypto loaded = null;
        String reason = null;
        try {
            loaded = LibCrypto.load(settings.library());
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            reason = e.getMessage();
            LOG.log(Level.WARNING, "the openssl engine cannot work: {0}", reason);
        }
        lib = loaded;
        failure = reason;
        keys = lib == null ? null : new NativeKeys(lib);
        operations = lib == null ? null : new NativeOperations(lib, keys);
        recordCrypto = lib == null ? null : new RecordCryptoProvider(lib);
        capabilities = lib == null ? EngineCapabilities.builder().build() : declared(settings.aesGcm());
    }

    private static EngineCapabilities declared(boolean aesGcm) {
        String[] signatures = SignatureScheme.names().toArray(String[]::new);
        String[] rsa = NativeOperations.RSA_TRANSFORMATIONS.toArray(String[]::new);
        return EngineCapabilities.builder()
                .add(OperationKind.SIGN, signatures)
                .add(OperationKind.VERIFY, signatures)
                .add(OperationKind.AGREE, "ECDH", "X25519", "X448", "XDH")
                .add(OperationKind.KEYGEN, "EC", "X25519", "X448", "XDH")
                .add(OperationKind.DECRYPT, rsa)
                .add(OperationKind.ENCRYPT, rsa)
                .add(OperationKind.CIPHER, RecordCryptoProvider.ciphers(aesGcm).toArray(String[]::new))
                .add(OperationKind.MAC, RecordCryptoProvider.MACS.toArray(String[]::new))
                .build();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int ranking() {
        return settings.ranking();
    }

    public OpenSslSettings settings() {
        return settings;
    }

    /** Operations handed to this engine so far, whatever their outcome (a departed engine's count must stay put). */
    public long submissions() {
        return submitted.sum();
    }

    @Override
    public EngineCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Available with the library's figures ({@code library}, {@code version}, {@code keys.cached}: private
     * keys imported and kept while their Java objects live, {@code completed}, {@code failed},
     * {@code record.primitives}: record ciphers and MACs made, about two per TLS connection); failed
     * with the reason when the library could not be used.
     */
    @Override
    public EngineHealth health() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("library", settings.library());
        if (lib == null) {
            return EngineHealth.failed(failure, figures);
        }
        figures.put("version", lib.version());
        figures.put("keys.cached", keys.cachedKeys());
        figures.put("completed", completed.sum());
        figures.put("failed", failed.sum());
        figures.put("record.primitives", recordPrimitives.sum());
        return EngineHealth.available(figures);
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        return run(() -> operations.sign(request.algorithm(), request.parameters(), request.key(), request.data()));
    }

    @Override
    public CompletionStage<Boolean> verify(VerifyRequest request) {
        return run(() -> operations.verify(request.algorithm(), request.parameters(), request.key(), request.data(),
                request.signature()));
    }

    @Override
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        return run(() -> operations.agree(request.algorithm(), request.parameters(), request.privateKey(), request.peerKey()));
    }

    @Override
    public CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        return run(() -> keys.generate(request.algorithm(), request.parameters(), request.keySize()));
    }

    @Override
    public CompletionStage<byte[]> transform(AsymmetricCipherRequest request) {
        return run(() -> operations.transform(request.kind() == OperationKind.DECRYPT, request.algorithm(),
                request.parameters(), request.key(), request.input()));
    }

    /** A record cipher: {@code AES/GCM/NoPadding}, {@code ChaCha20-Poly1305} or {@code ChaCha7539}. */
    @Override
    public Cipher newCipher(String transformation) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation, recordCrypto());
        recordPrimitives.increment();
        return cipher;
    }

    /** {@code Poly1305}, the MAC BCJSSE pairs with {@code ChaCha7539}. */
    @Override
    public Mac newMac(String algorithm) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm, recordCrypto());
        recordPrimitives.increment();
        return mac;
    }

    private RecordCryptoProvider recordCrypto() throws NoSuchAlgorithmException {
        if (recordCrypto == null) {
            throw new NoSuchAlgorithmException("the openssl engine cannot work: " + failure);
        }
        return recordCrypto;
    }

    private <T> CompletionStage<T> run(Operation<T> operation) {
        submitted.increment();
        if (lib == null) {
            return CompletableFuture.failedFuture(new EngineUnavailableException("the openssl engine cannot work: " + failure));
        }
        try {
            T result = operation.run();
            completed.increment();
            return CompletableFuture.completedFuture(result);
        } catch (GeneralSecurityException e) {
            // as it is: the router tells "declined" (InvalidKeyException, ...) from a verdict by type
            failed.increment();
            return CompletableFuture.failedFuture(e);
        } catch (Throwable e) {
            failed.increment();
            return CompletableFuture.failedFuture(new EngineException("the openssl engine failed: " + e, e));
        }
    }

    @Override
    public String toString() {
        return "openssl engine (" + (lib == null ? "failed: " + failure : lib.version() + ", " + settings.library()) + ")";
    }
}
