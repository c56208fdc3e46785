package org.enginetls.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of OpenSSL 3's libcrypto the engine calls, bound through {@link Linker} downcalls.
 *
 * <p>A library is loaded once per JVM and name into the global arena and never unloaded: libcrypto
 * registers exit handlers and thread-local state, so unloading it while the process runs is not safe.
 * A second engine with the same {@code library} setting shares the bindings.
 *
 * <p>Every method is a thin call; ownership of what it returns is the caller's (see {@link NativeCall}).
 */
final class LibCrypto {

    /** {@code OSSL_PARAM}: key, data type, data, data size, return size. */
    static final MemoryLayout OSSL_PARAM = MemoryLayout.structLayout(ADDRESS.withName("key"),
            JAVA_INT.withName("data_type"), MemoryLayout.paddingLayout(4), ADDRESS.withName("data"),
            JAVA_LONG.withName("data_size"), JAVA_LONG.withName("return_size"));
    static final int OSSL_PARAM_UNSIGNED_INTEGER = 2;
    static final int OSSL_PARAM_UTF8_STRING = 4;
    static final int OSSL_PARAM_OCTET_STRING = 5;
    /** {@code EVP_PKEY_PUBLIC_KEY}: the public key and all parameters. */
    static final int EVP_PKEY_PUBLIC_KEY = 0x86;
    static final int RSA_PKCS1_PADDING = 1;
    static final int RSA_NO_PADDING = 3;
    static final int RSA_PKCS1_PSS_PADDING = 6;
    static final int EVP_CTRL_AEAD_SET_IVLEN = 0x9;
    static final int EVP_CTRL_AEAD_GET_TAG = 0x10;
    static final int EVP_CTRL_AEAD_SET_TAG = 0x11;

    private static final Map<String, LibCrypto> LOADED = new ConcurrentHashMap<>();
    private static final Linker LINKER = Linker.nativeLinker();

    private final String library;
    private final SymbolLookup symbols;
    private final long versionNumber;
    private final String version;
    private final Map<String, MemorySegment> digests = new ConcurrentHashMap<>();
    private final Map<String, MemorySegment> ciphers = new ConcurrentHashMap<>();
    private final Map<String, MemorySegment> macs = new ConcurrentHashMap<>();

    final MethodHandle errGetError;
    final MethodHandle errErrorStringN;
    final MethodHandle errClearError;
    final MethodHandle d2iAutoPrivateKey;
    final MethodHandle d2iPubkey;
    final MethodHandle pkeyFree;
    final MethodHandle pkeyNewRawPublicKeyEx;
    final MethodHandle pkeyGetRawPublicKey;
    final MethodHandle pkeyGetRawPrivateKey;
    final MethodHandle pkeyGetOctetStringParam;
    final MethodHandle pkeyGetBnParam;
    final MethodHandle bnBn2binpad;
    final MethodHandle bnClearFree;
    final MethodHandle mdFetch;
    final MethodHandle mdCtxNew;
    final MethodHandle mdCtxFree;
    final MethodHandle digestSignInit;
    final MethodHandle digestSign;
    final MethodHandle digestVerifyInit;
    final MethodHandle digestVerify;
    final MethodHandle pkeyCtxNewFromPkey;
    final MethodHandle pkeyCtxNewFromName;
    final MethodHandle pkeyCtxFree;
    final MethodHandle pkeyCtxSetRsaPadding;
    final MethodHandle pkeyCtxSetRsaPssSaltlen;
    final MethodHandle pkeyCtxSetRsaMgf1Md;
    final MethodHandle pkeyCtxSetSignatureMd;
    final MethodHandle pkeyCtxSetGroupName;
    final MethodHandle pkeySignInit;
    final MethodHandle pkeySign;
    final MethodHandle pkeyVerifyInit;
    final MethodHandle pkeyVerify;
    final MethodHandle pkeyDeriveInit;
    final MethodHandle pkeyDeriveSetPeer;
    final MethodHandle pkeyDerive;
    final MethodHandle pkeyKeygenInit;
    final MethodHandle pkeyGenerate;
    final MethodHandle pkeyFromdataInit;
    final MethodHandle pkeyFromdata;
    final MethodHandle pkeyEncryptInit;
    final MethodHandle pkeyEncrypt;
    final MethodHandle pkeyDecryptInit;
    final MethodHandle pkeyDecrypt;
    final MethodHandle cipherFetch;
    final MethodHandle cipherCtxNew;
    final MethodHandle cipherCtxFree;
    final MethodHandle cipherInit;
    final MethodHandle cipherCtxCtrl;
    final MethodHandle cipherUpdate;
    final MethodHandle cipherFinal;
    final MethodHandle macFetch;
    final MethodHandle macCtxNew;
    final MethodHandle macCtxFree;
    final MethodHandle macInit;
    final MethodHandle macUpdate;
    final MethodHandle macFinal;

    private LibCrypto(String library, SymbolLookup symbols) throws Throwable {
        this.library = library;
        this.symbols = symbols;
        versionNumber = (long) bind("OpenSSL_version_num", FunctionDescriptor.of(JAVA_LONG)).invokeExact();
        MemorySegment text = (MemorySegment) bind("OpenSSL_version", FunctionDescriptor.of(ADDRESS, JAVA_INT))
                .invokeExact(0);
        version = text.reinterpret(256).getString(0);
        if (majorVersion() < 3) {
            throw new UnsatisfiedLinkError(library + " is " + version + "; the openssl engine needs OpenSSL 3.0 or newer");
        }
        errGetError = bind("ERR_get_error", FunctionDescriptor.of(JAVA_LONG));
        errErrorStringN = bind("ERR_error_string_n", FunctionDescriptor.ofVoid(JAVA_LONG, ADDRESS, JAVA_LONG));
        errClearError = bind("ERR_clear_error", FunctionDescriptor.ofVoid());
        d2iAutoPrivateKey = bind("d2i_AutoPrivateKey", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        d2iPubkey = bind("d2i_PUBKEY", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        pkeyFree = bind("EVP_PKEY_free", FunctionDescriptor.ofVoid(ADDRESS));
        pkeyNewRawPublicKeyEx = bind("EVP_PKEY_new_raw_public_key_ex",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        pkeyGetRawPublicKey = bind("EVP_PKEY_get_raw_public_key", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        pkeyGetRawPrivateKey = bind("EVP_PKEY_get_raw_private_key", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        pkeyGetOctetStringParam = bind("EVP_PKEY_get_octet_string_param",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        pkeyGetBnParam = bind("EVP_PKEY_get_bn_param", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        bnBn2binpad = bind("BN_bn2binpad", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        bnClearFree = bind("BN_clear_free", FunctionDescriptor.ofVoid(ADDRESS));
        mdFetch = bind("EVP_MD_fetch", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        mdCtxNew = bind("EVP_MD_CTX_new", FunctionDescriptor.of(ADDRESS));
        mdCtxFree = bind("EVP_MD_CTX_free", FunctionDescriptor.ofVoid(ADDRESS));
        digestSignInit = bind("EVP_DigestSignInit",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        digestSign = bind("EVP_DigestSign", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        digestVerifyInit = bind("EVP_DigestVerifyInit",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        digestVerify = bind("EVP_DigestVerify", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        pkeyCtxNewFromPkey = bind("EVP_PKEY_CTX_new_from_pkey", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        pkeyCtxNewFromName = bind("EVP_PKEY_CTX_new_from_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        pkeyCtxFree = bind("EVP_PKEY_CTX_free", FunctionDescriptor.ofVoid(ADDRESS));
        pkeyCtxSetRsaPadding = bind("EVP_PKEY_CTX_set_rsa_padding", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        pkeyCtxSetRsaPssSaltlen = bind("EVP_PKEY_CTX_set_rsa_pss_saltlen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        pkeyCtxSetRsaMgf1Md = bind("EVP_PKEY_CTX_set_rsa_mgf1_md", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        pkeyCtxSetSignatureMd = bind("EVP_PKEY_CTX_set_signature_md", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        pkeyCtxSetGroupName = bind("EVP_PKEY_CTX_set_group_name", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        pkeySignInit = bind("EVP_PKEY_sign_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pkeySign = bind("EVP_PKEY_sign", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        pkeyVerifyInit = bind("EVP_PKEY_verify_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pkeyVerify = bind("EVP_PKEY_verify", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        pkeyDeriveInit = bind("EVP_PKEY_derive_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pkeyDeriveSetPeer = bind("EVP_PKEY_derive_set_peer", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        pkeyDerive = bind("EVP_PKEY_derive", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        pkeyKeygenInit = bind("EVP_PKEY_keygen_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pkeyGenerate = bind("EVP_PKEY_generate", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        pkeyFromdataInit = bind("EVP_PKEY_fromdata_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pkeyFromdata = bind("EVP_PKEY_fromdata", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        pkeyEncryptInit = bind("EVP_PKEY_encrypt_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pkeyEncrypt = bind("EVP_PKEY_encrypt", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        pkeyDecryptInit = bind("EVP_PKEY_decrypt_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        pkeyDecrypt = bind("EVP_PKEY_decrypt", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        cipherFetch = bind("EVP_CIPHER_fetch", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        cipherCtxNew = bind("EVP_CIPHER_CTX_new", FunctionDescriptor.of(ADDRESS));
        cipherCtxFree = bind("EVP_CIPHER_CTX_free", FunctionDescriptor.ofVoid(ADDRESS));
        macFetch = bind("EVP_MAC_fetch", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        macCtxNew = bind("EVP_MAC_CTX_new", FunctionDescriptor.of(ADDRESS, ADDRESS));
        macCtxFree = bind("EVP_MAC_CTX_free", FunctionDescriptor.ofVoid(ADDRESS));
        // the record path: short calls that neither block nor call back, made on the caller's arrays in place
        cipherInit = bindCritical("EVP_CipherInit_ex",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        cipherCtxCtrl = bindCritical("EVP_CIPHER_CTX_ctrl", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        cipherUpdate = bindCritical("EVP_CipherUpdate", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        cipherFinal = bindCritical("EVP_CipherFinal_ex", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        macInit = bindCritical("EVP_MAC_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        macUpdate = bindCritical("EVP_MAC_update", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        macFinal = bindCritical("EVP_MAC_final", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    }

    /**
     * The bindings of {@code library}: a file name the dynamic loader looks up (such as
     * {@code libcrypto.so.3}) or a path.
     *
     * @throws UnsatisfiedLinkError if it cannot be loaded, lacks a function, or is older than OpenSSL 3.0
     */
    static LibCrypto load(String library) {
        return LOADED.computeIfAbsent(library, name -> {
            SymbolLookup lookup;
            try {
                lookup = name.contains("/") ? SymbolLookup.libraryLookup(Path.of(name), Arena.global())
                        : SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new UnsatisfiedLinkError("cannot load " + name + " (" + e.getMessage()
                        + "); install OpenSSL 3 (libssl3 / openssl-libs) or set 'library' to the path of libcrypto.so.3");
            }
            try {
                return new LibCrypto(name, lookup);
            } catch (UnsatisfiedLinkError e) {
                throw e;
            } catch (Throwable e) {
                throw new UnsatisfiedLinkError(name + " cannot be used: " + e);
            }
        });
    }

    private MethodHandle bind(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(function), descriptor);
    }

    /**
     * A binding for the per-record calls: {@linkplain Linker.Option#critical(boolean) critical} with heap access,
     * so that OpenSSL reads and writes the Java arrays themselves (no copy into native memory, no thread-state
     * change). Only for functions that return quickly and never call back into Java.
     */
    private MethodHandle bindCritical(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(function), descriptor, Linker.Option.critical(true));
    }

    private MemorySegment find(String function) {
        return symbols.find(function).orElseThrow(() -> new UnsatisfiedLinkError(
                library + " has no function " + function + "; is it OpenSSL 3.0 or newer?"));
    }

    String library() {
        return library;
    }

    /** The library's own version text, such as {@code OpenSSL 3.0.19 27 Jan 2026}. */
    String version() {
        return version;
    }

    int majorVersion() {
        return (int) (versionNumber >>> 28) & 0xF;
    }

    int minorVersion() {
        return (int) (versionNumber >>> 20) & 0xFF;
    }

    /**
     * The digest named {@code name} (an OpenSSL name such as {@code SHA2-256}), fetched once and kept
     * for the life of the JVM: a handful of objects, and fetching per operation would cost a lookup.
     */
    MemorySegment digest(String name) throws Throwable {
        return fetchedOnce(digests, mdFetch, name);
    }

    /** The cipher named {@code name} (such as {@code AES-128-GCM}), fetched once like {@link #digest}; {@code NULL} if absent. */
    MemorySegment cipher(String name) throws Throwable {
        return fetchedOnce(ciphers, cipherFetch, name);
    }

    /** The MAC named {@code name} (such as {@code POLY1305}), fetched once like {@link #digest}; {@code NULL} if absent. */
    MemorySegment mac(String name) throws Throwable {
        return fetchedOnce(macs, macFetch, name);
    }

    /**
     * What {@code fetch} (one of the {@code EVP_*_fetch} functions, all {@code (libctx, name, properties)}) gives for
     * {@code name}, kept in {@code fetched}; {@code NULL}, with this thread's error queue cleared, if the library has
     * no such algorithm.
     */
    private MemorySegment fetchedOnce(Map<String, MemorySegment> fetched, MethodHandle fetch, String name)
            throws Throwable {
        MemorySegment algorithm = fetched.get(name);
        if (algorithm != null) {
            return algorithm;
        }
        try (Arena arena = Arena.ofConfined()) {
            algorithm = (MemorySegment) fetch.invokeExact(MemorySegment.NULL, arena.allocateFrom(name),
                    MemorySegment.NULL);
        }
        if (algorithm.equals(MemorySegment.NULL)) {
            takeErrors();
            return algorithm;
        }
        MemorySegment raced = fetched.putIfAbsent(name, algorithm);
        return raced != null ? raced : algorithm;
    }

    /**
     * Throws if {@code ok}, the answer of an OpenSSL call that returns 1 on success, is not 1: an
     * {@link IllegalStateException} naming {@code call} and the library's queued error, which it clears.
     */
    void check(int ok, String call) throws Throwable {
        if (ok != 1) {
            String error = takeErrors();
            throw new IllegalStateException(call + " failed" + (error == null ? "" : ": " + error));
        }
    }

    /** The oldest queued error of this thread as text, with the queue cleared; {@code null} if none. */
    String takeErrors() throws Throwable {
        long code = (long) errGetError.invokeExact();
        String text = null;
        if (code != 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(256);
                errErrorStringN.invokeExact(code, buffer, 256L);
                text = buffer.getString(0);
            }
        }
        errClearError.invokeExact();
        return text;
    }
}
