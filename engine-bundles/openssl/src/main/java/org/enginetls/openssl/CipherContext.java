package org.enginetls.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code EVP_CIPHER_CTX}, kept for the life of the Java cipher object that uses it: TLS re-initialises
 * its record cipher with a new nonce for every record, and a kept context takes a new nonce without a new
 * key schedule or allocation. The context belongs to an automatic arena, so the collector frees it with
 * {@code EVP_CIPHER_CTX_free} once its cipher object is unreachable (a JCA {@code Cipher} has no close).
 *
 * <p>The data calls work on the caller's arrays in place (critical downcalls with heap access, see
 * {@link LibCrypto}); nothing is copied into native memory. Not thread-safe, like the {@code Cipher} it serves.
 */
final class CipherContext {

    private static final LongAdder LIVE = new LongAdder();

    private final LibCrypto lib;
    private final MemorySegment ctx;
    private final int[] outLength = new int[1];
    /** What {@code EVP_CipherFinal_ex} may write: nothing for the stream and AEAD ciphers used here. */
    private final byte[] finalBlock = new byte[32];

    CipherContext(LibCrypto lib) throws Throwable {
        this.lib = lib;
        MemorySegment made = (MemorySegment) lib.cipherCtxNew.invokeExact();
        if (made.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("EVP_CIPHER_CTX_new failed");
        }
        LIVE.increment();
        // the cleanup must not reach this object, or the collector never finds it unreachable
        MethodHandle free = lib.cipherCtxFree;
        ctx = made.reinterpret(Arena.ofAuto(), segment -> {
            NativeCall.free(free, segment);
            LIVE.decrement();
        });
    }

    /**
     * {@code EVP_CipherInit_ex}: {@code cipher}, {@code key} and {@code iv} may each be {@code null} to keep
     * what the context has.
     */
    void init(MemorySegment cipher, byte[] key, byte[] iv, boolean encrypt) throws Throwable {
        MemorySegment evpCipher = cipher == null ? MemorySegment.NULL : cipher;
        int ok = (int) lib.cipherInit.invokeExact(ctx, evpCipher, MemorySegment.NULL, heap(key), heap(iv), encrypt ? 1 : 0);
        lib.check(ok, "EVP_CipherInit_ex");
    }

    /** Sets an AEAD cipher's nonce length; between choosing the cipher and setting the nonce. */
    void setIvLength(int length) throws Throwable {
        lib.check((int) lib.cipherCtxCtrl.invokeExact(ctx, LibCrypto.EVP_CTRL_AEAD_SET_IVLEN, length, MemorySegment.NULL),
                "setting the nonce length");
    }

    /** Additional authenticated data of an AEAD cipher. */
    void updateAad(byte[] aad, int offset, int length) throws Throwable {
        int ok = (int) lib.cipherUpdate.invokeExact(ctx, MemorySegment.NULL, MemorySegment.ofArray(outLength),
                MemorySegment.ofArray(aad).asSlice(offset, length), length);
        lib.check(ok, "EVP_CipherUpdate (AAD)");
    }

    /**
     * Encrypts or decrypts {@code length} bytes into {@code output} (which may be {@code input} at the same
     * offset); the number of bytes written.
     */
    int update(byte[] input, int inputOffset, int length, byte[] output, int outputOffset) throws Throwable {
        int ok = (int) lib.cipherUpdate.invokeExact(ctx, MemorySegment.ofArray(output).asSlice(outputOffset),
                MemorySegment.ofArray(outLength), MemorySegment.ofArray(input).asSlice(inputOffset, length), length);
        lib.check(ok, "EVP_CipherUpdate");
        return outLength[0];
    }

    /**
     * {@code EVP_CipherFinal_ex} of a stream or AEAD cipher, which writes nothing; {@code false} when it fails,
     * which for an AEAD cipher decrypting means the tag did not match (the error OpenSSL queued is cleared).
     */
    boolean complete() throws Throwable {
        int ok = (int) lib.cipherFinal.invokeExact(ctx, MemorySegment.ofArray(finalBlock), MemorySegment.ofArray(outLength));
        if (ok != 1) {
            lib.takeErrors();
            return false;
        }
        return true;
    }

    /** The tag of the message just encrypted, {@code length} bytes of it into {@code output}. */
    void tag(byte[] output, int offset, int length) throws Throwable {
        int ok = (int) lib.cipherCtxCtrl.invokeExact(ctx, LibCrypto.EVP_CTRL_AEAD_GET_TAG, length,
                MemorySegment.ofArray(output).asSlice(offset, length));
        lib.check(ok, "getting the tag");
    }

    /** The tag the message being decrypted must have. */
    void expectTag(byte[] input, int offset, int length) throws Throwable {
        int ok = (int) lib.cipherCtxCtrl.invokeExact(ctx, LibCrypto.EVP_CTRL_AEAD_SET_TAG, length,
                MemorySegment.ofArray(input).asSlice(offset, length));
        lib.check(ok, "setting the expected tag");
    }

    private static MemorySegment heap(byte[] bytes) {
        return bytes == null ? MemorySegment.NULL : MemorySegment.ofArray(bytes);
    }

    /** How many contexts this class holds in the JVM that the collector has not freed yet (for tests). */
    static long live() {
        return LIVE.sum();
    }
}
