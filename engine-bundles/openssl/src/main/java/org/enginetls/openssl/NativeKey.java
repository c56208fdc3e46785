package org.enginetls.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@code EVP_PKEY} that lives as long as a Java object refers to it: it belongs to an automatic
 * arena, so the garbage collector frees it with {@code EVP_PKEY_free} once this holder is unreachable.
 * Used for what outlives one operation: the keys this engine generates (held by their Java key
 * objects) and the private keys it has imported once (held by {@link KeyCache} while the application's
 * key object lives). OpenSSL allows concurrent use of one {@code EVP_PKEY} by many threads as long as
 * nobody changes it, which nobody here does.
 */
final class NativeKey {

    private static final LongAdder LIVE = new LongAdder();

    private final MemorySegment pkey;

    /** Takes ownership of {@code pkey}, which must not be {@code NULL}. */
    NativeKey(LibCrypto lib, MemorySegment pkey) {
        LIVE.increment();
        this.pkey = pkey.reinterpret(Arena.ofAuto(), segment -> {
            NativeCall.free(lib.pkeyFree, segment);
            LIVE.decrement();
        });
    }

    MemorySegment pkey() {
        return pkey;
    }

    /** How many keys this class holds in the JVM that the collector has not freed yet (for tests). */
    static long live() {
        return LIVE.sum();
    }
}
