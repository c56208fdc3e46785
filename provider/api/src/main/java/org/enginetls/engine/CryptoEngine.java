package org.enginetls.engine;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.crypto.Cipher;
import javax.crypto.Mac;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A crypto engine: the unit EngineTLS routes cryptographic operations to.
 *
 * <p>In OSGi an engine is registered as a service of this type; its {@code service.ranking}
 * property orders it against other engines (higher wins). On a plain class path engines are found
 * with {@link java.util.ServiceLoader} and ordered by {@link #ranking()}.
 *
 * <p>The router only calls an operation whose kind and algorithm the engine declares in
 * {@link #capabilities()} and whose key it {@link #accepts(Key) accepts}. Every method may be
 * called concurrently from many threads.
 *
 * <p>Submitted operations return a stage that completes with the result, or exceptionally with
 * {@link EngineBusyException} (submit again), {@link EngineUnavailableException} (engine gone) or
 * any other exception (the operation failed). A synchronous engine returns completed stages.
 * Methods may also throw those exceptions directly; the router treats both forms alike. What a
 * failure means for the operation:
 * <ul>
 * <li>busy (past the router's retry limit), unavailable, or declined &mdash; {@code InvalidKeyException}
 * (except for a key agreement), {@code InvalidAlgorithmParameterException},
 * {@code NoSuchAlgorithmException}, {@code InvalidKeySpecException}: an operation on a portable key
 * moves to the next engine;</li>
 * <li>any other {@code GeneralSecurityException} ({@code SignatureException},
 * {@code BadPaddingException}, an {@code InvalidKeyException} about the peer's key in a key
 * agreement) is a verdict about the input: it is final and never retried on another engine;</li>
 * <li>an {@link EngineException} of no subclass above, or a runtime exception, is a fault of this
 * engine: the operation fails.</li>
 * </ul>
 *
 * <p><b>Threads.</b> A submit method is called once per submission (a busy answer is submitted again),
 * on a virtual thread EngineTLS starts for the call (only the built-in software engine is called on the caller's thread), so an engine that
 * blocks in it holds up the TLS connection no longer than the operation timeout. EngineTLS reacts to the
 * stage's completion on the thread that completes it (on the calling thread for a stage returned
 * complete): it settles the operation there and, in async mode, invokes the application's callback there,
 * which is short and does not block.
 *
 * <p><b>What EngineTLS does to a returned stage.</b> It does not work on the stage itself but on the
 * future {@link CompletionStage#toCompletableFuture()} returns; for a {@code CompletableFuture} that is
 * the stage itself. It {@linkplain CompletableFuture#cancel cancels} that future when the operation
 * timeout elapses before the stage completes, when the TLS engine whose job waits for it is closed or
 * abandoned, and when the submit method returns only after one of those happened; when the engine has
 * left and its drain timeout has elapsed (or EngineTLS shuts down first), it completes a future still
 * pending exceptionally with {@link EngineUnavailableException} (the operation then moves to another
 * engine if its key allows). It never interrupts a thread, the one in a submit method included. So:
 * <ul>
 * <li>an engine that returns a {@code CompletableFuture}, or a stage whose {@code toCompletableFuture()}
 * returns the future the engine completes, sees the cancellation ({@code isCancelled()}, or its own
 * dependent actions) and may drop the work;</li>
 * <li>a stage whose {@code toCompletableFuture()} returns a copy (such as
 * {@link CompletableFuture#minimalCompletionStage()}), or throws {@code UnsupportedOperationException}
 * (EngineTLS then follows the stage through {@link CompletionStage#whenComplete whenComplete}), is never
 * cancelled: EngineTLS stops waiting all the same, and the engine learns nothing and finishes the work.</li>
 * </ul>
 * Either way an operation settles once, with the first of the engine's answer, the timeout, the close
 * and the drain: whatever the engine completes afterwards is ignored &mdash; it is not counted in the
 * engine's statistics and does not reach the application. A submit method that returns {@code null}
 * fails the operation as a fault of this engine.
 */
@ConsumerType
public interface CryptoEngine {

    /** A short identifier, unique among the engines of one JVM, used in status and logs. */
    String id();

    /**
     * The ranking used on a plain class path, where there are no service properties (higher wins).
     * In OSGi the {@code service.ranking} property takes precedence.
     */
    default int ranking() {
        return 0;
    }

    /** The operations and algorithms this engine performs. */
    EngineCapabilities capabilities();

    /**
     * Whether this engine can use {@code key}. The default accepts every portable key and the
     * {@link EngineKey}s this engine owns, and nothing else.
     *
     * <p>EngineTLS asks before it routes an operation with a key to this engine, and again before it
     * uses a cipher or MAC this engine made with a new key, on the caller's thread: it must be cheap and
     * must not block. It asks for an {@link EngineKey} too, but only the engine that owns the key
     * ({@link EngineKey#engineId()}), so an owner can refuse a handle it no longer knows (a key deleted from
     * its token, say); the operation then fails, naming this engine, and goes to no other engine. A method that throws does not take the key: EngineTLS records the exception as this engine's
     * last error, logs it the first time, and treats the key as not accepted.
     */
    default boolean accepts(Key key) {
        return !(key instanceof EngineKey engineKey) || id().equals(engineKey.engineId());
    }

    /**
     * The engine's own account of its condition. EngineTLS's engine registry is the only caller: once
     * on the thread that adds the engine, before it takes any work; then on the registry's own health
     * thread, every {@code healthPollMillis} (a provider setting, 1 s by default), and at once after an
     * operation of this engine ended as unavailable ({@link EngineUnavailableException}). Never on an
     * operation's thread, and never because someone reads status: status reports, the router and events
     * all use the registry's last answer, so an engine that says it cannot work is {@code FAILED} (not
     * routed, its reason shown) from that answer until one says it can again. It must be cheap and must
     * not block: one engine's slow answer delays every other engine's.
     */
    default EngineHealth health() {
        return EngineHealth.AVAILABLE;
    }

    /**
     * The keys this engine holds for applications, as a loaded, read-only {@code KeyStore} whose
     * private keys are {@link EngineKey} handles and whose certificate chains go with them; {@code null}
     * (the default) if it holds none. EngineTLS offers the keys of every engine through its own
     * {@code KeyStore} type {@code EngineTLS}, so that a standard {@code KeyManagerFactory} can pick them.
     */
    default KeyStore keyStore() {
        return null;
    }

    /** Signs; completes with the encoded signature. */
    default CompletionStage<byte[]> sign(SignRequest request) {
        return unsupported(request);
    }

    /** Verifies; completes with whether the signature is valid. */
    default CompletionStage<Boolean> verify(VerifyRequest request) {
        return unsupported(request);
    }

    /** Agrees a shared secret; completes with its raw encoding. */
    default CompletionStage<byte[]> agree(AgreeRequest request) {
        return unsupported(request);
    }

    /** Generates a key pair. */
    default CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        return unsupported(request);
    }

    /** Encrypts or decrypts one message with an asymmetric key; completes with the output. */
    default CompletionStage<byte[]> transform(AsymmetricCipherRequest request) {
        return unsupported(request);
    }

    /** A new, uninitialised symmetric cipher for {@code transformation}. */
    default Cipher newCipher(String transformation) throws GeneralSecurityException {
        throw new NoSuchAlgorithmException(id() + " offers no Cipher " + transformation);
    }

    /** A new, uninitialised MAC for {@code algorithm}. */
    default Mac newMac(String algorithm) throws GeneralSecurityException {
        throw new NoSuchAlgorithmException(id() + " offers no Mac " + algorithm);
    }

    /** A new message digest for {@code algorithm}; it should support {@code clone()}. */
    default MessageDigest newDigest(String algorithm) throws GeneralSecurityException {
        throw new NoSuchAlgorithmException(id() + " offers no MessageDigest " + algorithm);
    }

    /** A key factory for {@code algorithm}. */
    default KeyFactory newKeyFactory(String algorithm) throws GeneralSecurityException {
        throw new NoSuchAlgorithmException(id() + " offers no KeyFactory " + algorithm);
    }

    /** A random generator for {@code algorithm}. */
    default SecureRandom newSecureRandom(String algorithm) throws GeneralSecurityException {
        throw new NoSuchAlgorithmException(id() + " offers no SecureRandom " + algorithm);
    }

    private <T> CompletionStage<T> unsupported(EngineRequest request) {
        return CompletableFuture.failedFuture(new NoSuchAlgorithmException(
                id() + " does not implement " + request.kind() + " " + request.algorithm()));
    }
}
