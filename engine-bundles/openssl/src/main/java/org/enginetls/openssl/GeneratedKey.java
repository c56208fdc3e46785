package org.enginetls.openssl;

import java.security.Key;

/** A key this engine generated: its Java object carries the {@code EVP_PKEY} it was made as. */
interface GeneratedKey extends Key {

    /** The native key, owned by this key object. */
    NativeKey nativeKey();
}
