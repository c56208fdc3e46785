package org.enginetls.openssl;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.security.Key;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Imported private keys by key object identity, held weakly: an entry lives as long as the
 * application's key object (a server's certificate key, typically for the life of its key manager)
 * and is dropped, and its {@code EVP_PKEY} left to the collector, once that object is gone.
 *
 * <p>Why: OpenSSL 3 decodes a PKCS#8 key through its decoder framework, which costs more than the
 * signature itself for an EC key (see docs/benchmarks.md, "openssl engine"). Identity, not
 * {@code equals}: comparing two keys would mean encoding them, the very cost this saves.
 */
final class KeyCache {

    private final ConcurrentHashMap<Entry, NativeKey> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Key> collected = new ReferenceQueue<>();

    /** The cached native key of {@code key}, or {@code null}. */
    NativeKey get(Key key) {
        expunge();
        return entries.get(new Entry(key, null));
    }

    void put(Key key, NativeKey imported) {
        entries.putIfAbsent(new Entry(key, collected), imported);
    }

    int size() {
        expunge();
        return entries.size();
    }

    private void expunge() {
        for (Object gone; (gone = collected.poll()) != null; ) {
            entries.remove(gone);
        }
    }

    /** A weak reference that is equal to another one to the same object (or to the same collected entry). */
    private static final class Entry extends WeakReference<Key> {
        private final int hash;

        Entry(Key key, ReferenceQueue<Key> queue) {
            super(key, queue);
            hash = System.identityHashCode(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Entry entry)) {
                return false;
            }
            Key key = get();
            return key != null && key == entry.get();
        }
    }
}
