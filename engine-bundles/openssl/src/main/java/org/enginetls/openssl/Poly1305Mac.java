package org.enginetls.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.ProviderException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.MacSpi;

/**
 * The one-time authenticator Poly1305 (RFC 7539, a 32-byte key r || s) under BouncyCastle's name
 * {@code Poly1305}, which BCJSSE pairs with {@link ChaCha7539Cipher} for TLS's ChaCha20-Poly1305; OpenSSL's
 * {@code POLY1305} MAC. One {@code EVP_MAC_CTX} per object, kept across keys and freed by the collector with
 * the object, as {@link CipherContext} is.
 */
final class Poly1305Mac extends MacSpi {

    static final String NAME = "Poly1305";

    private static final int KEY_LENGTH = 32;
    private static final int TAG_LENGTH = 16;
    private static final LongAdder LIVE = new LongAdder();

    private final LibCrypto lib;
    private MemorySegment ctx;
    private byte[] key;
    private boolean restart;
    private final byte[] one = new byte[1];
    private final long[] outLength = new long[1];

    Poly1305Mac(LibCrypto lib) {
        this.lib = lib;
    }

    @Override
    protected int engineGetMacLength() {
        return TAG_LENGTH;
    }

    @Override
    protected void engineInit(Key newKey, AlgorithmParameterSpec params)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (params != null) {
            throw new InvalidAlgorithmParameterException(NAME + " takes no parameters");
        }
        byte[] encoded = newKey == null ? null : newKey.getEncoded();
        if (encoded == null || encoded.length != KEY_LENGTH) {
            throw new InvalidKeyException(NAME + " requires a 256-bit key"
                    + (encoded == null ? "" : ", not " + encoded.length * 8 + " bits"));
        }
        key = null;
        try {
            if (ctx == null) {
                ctx = newContext();
            }
            start(encoded);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException(e);
        }
        key = encoded;
        restart = false;
    }

    private MemorySegment newContext() throws Throwable {
        MemorySegment mac = lib.mac("POLY1305");
        if (mac.equals(MemorySegment.NULL)) {
            throw new ProviderException(lib.version() + " has no POLY1305");
        }
        MemorySegment made = (MemorySegment) lib.macCtxNew.invokeExact(mac);
        if (made.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("EVP_MAC_CTX_new failed");
        }
        LIVE.increment();
        // the cleanup must not reach this object, or the collector never finds it unreachable
        MethodHandle free = lib.macCtxFree;
        return made.reinterpret(Arena.ofAuto(), segment -> {
            NativeCall.free(free, segment);
            LIVE.decrement();
        });
    }

    private void start(byte[] keyBytes) throws Throwable {
        int ok = (int) lib.macInit.invokeExact(ctx, MemorySegment.ofArray(keyBytes), (long) keyBytes.length, MemorySegment.NULL);
        lib.check(ok, "EVP_MAC_init");
    }

    @Override
    protected void engineUpdate(byte input) {
        one[0] = input;
        engineUpdate(one, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (key == null) {
            throw new IllegalStateException(NAME + " not initialized");
        }
        try {
            if (restart) {
                start(key);
                restart = false;
            }
            if (len > 0) {
                int ok = (int) lib.macUpdate.invokeExact(ctx, MemorySegment.ofArray(input).asSlice(offset, len), (long) len);
                lib.check(ok, "EVP_MAC_update");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException(e);
        }
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (input.hasArray()) {
            engineUpdate(input.array(), input.arrayOffset() + input.position(), input.remaining());
            input.position(input.limit());
        } else {
            byte[] copy = new byte[input.remaining()];
            input.get(copy);
            engineUpdate(copy, 0, copy.length);
        }
    }

    @Override
    protected byte[] engineDoFinal() {
        engineUpdate(one, 0, 0);
        byte[] tag = new byte[TAG_LENGTH];
        try {
            int ok = (int) lib.macFinal.invokeExact(ctx, MemorySegment.ofArray(tag), MemorySegment.ofArray(outLength),
                    (long) TAG_LENGTH);
            lib.check(ok, "EVP_MAC_final");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException(e);
        } finally {
            restart = true;
        }
        return tag;
    }

    @Override
    protected void engineReset() {
        if (key != null) {
            restart = true;
        }
    }

    /** How many MAC contexts this class holds in the JVM that the collector has not freed yet (for tests). */
    static long live() {
        return LIVE.sum();
    }
}
