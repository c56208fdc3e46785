package org.enginetls.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The native memory of one operation: a confined arena that owns the operation's buffers and the
 * OpenSSL objects made for it ({@code EVP_PKEY_CTX}, {@code EVP_MD_CTX}, keys imported just for this
 * call), each freed with its OpenSSL destructor when the call is closed. An operation opens one in a
 * {@code try}-with-resources block, so nothing it allocated outlives it, whatever it throws.
 */
final class NativeCall implements AutoCloseable {

    private final LibCrypto lib;
    private final Arena arena = Arena.ofConfined();

    NativeCall(LibCrypto lib) {
        this.lib = lib;
    }

    LibCrypto lib() {
        return lib;
    }

    /** A native copy of {@code data}. */
    MemorySegment bytes(byte[] data) {
        return data.length == 0 ? arena.allocate(1) : arena.allocateFrom(JAVA_BYTE, data);
    }

    MemorySegment allocate(long size) {
        return arena.allocate(Math.max(size, 1));
    }

    /** A {@code size_t} cell holding {@code value}. */
    MemorySegment size(long value) {
        return arena.allocateFrom(JAVA_LONG, value);
    }

    /** A pointer cell holding {@code value} (for {@code const unsigned char **} and {@code EVP_PKEY **}). */
    MemorySegment pointer(MemorySegment value) {
        return arena.allocateFrom(ADDRESS, value);
    }

    MemorySegment string(String text) {
        return arena.allocateFrom(text);
    }

    /** {@code pkey}, freed with {@code EVP_PKEY_free} when this call ends; {@code NULL} stays {@code NULL}. */
    MemorySegment ownKey(MemorySegment pkey) {
        return own(pkey, lib.pkeyFree);
    }

    /** {@code ctx}, freed with {@code EVP_PKEY_CTX_free} when this call ends. */
    MemorySegment ownKeyContext(MemorySegment ctx) {
        return own(ctx, lib.pkeyCtxFree);
    }

    /** {@code ctx}, freed with {@code EVP_MD_CTX_free} when this call ends. */
    MemorySegment ownDigestContext(MemorySegment ctx) {
        return own(ctx, lib.mdCtxFree);
    }

    private MemorySegment own(MemorySegment object, MethodHandle free) {
        if (object.equals(MemorySegment.NULL)) {
            return object;
        }
        return object.reinterpret(arena, segment -> NativeCall.free(free, segment));
    }

    static void free(MethodHandle free, MemorySegment object) {
        try {
            free.invokeExact(object);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot free an OpenSSL object", e);
        }
    }

    /** The OpenSSL error of this thread (cleared), or {@code fallback} when OpenSSL queued none. */
    String error(String fallback) {
        try {
            String queued = lib.takeErrors();
            return queued == null ? fallback : fallback + ": " + queued;
        } catch (Throwable e) {
            return fallback;
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
