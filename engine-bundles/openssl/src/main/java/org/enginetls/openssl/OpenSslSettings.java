package org.enginetls.openssl;

import java.util.Map;
import java.util.function.Function;

import org.enginetls.engine.ConfigurationValues;

/**
 * Where libcrypto is and how the engine ranks. The same keys come from Configuration Admin (PID
 * {@value #PID}) or, on a plain class path, from system properties prefixed {@value #PID}{@code .}.
 *
 * @param library the library to load: a file name the dynamic loader finds ({@code libcrypto.so.3}, the
 *        default) or a path ({@code library})
 * @param ranking the engine's ranking; higher wins ({@code ranking})
 * @param aesGcm whether the engine declares the AES-GCM record cipher ({@code aesGcm}, default {@code false}):
 *        on a CPU with AVX-512 the JDK's AES-GCM intrinsics seal and open a 16 KiB record in about 4 us where
 *        OpenSSL 3.0 takes about 7 (docs/benchmarks.md), so by default AES-GCM stays with the software engine;
 *        worth turning on for an OpenSSL with a faster AES-GCM than the JDK's on the machine
 */
public record OpenSslSettings(String library, int ranking, boolean aesGcm) {

    public static final String PID = "org.enginetls.engine.openssl";

    static final String DEFAULT_LIBRARY = "libcrypto.so.3";
    /** Above the software engine and below the engines that offload (pool, dasync at 100; pkcs11 at 200). */
    static final int DEFAULT_RANKING = 50;

    /** Settings without the AES-GCM record cipher. */
    public OpenSslSettings(String library, int ranking) {
        this(library, ranking, false);
    }

    public OpenSslSettings {
        if (library == null || library.isBlank()) {
            library = DEFAULT_LIBRARY;
        }
        library = library.trim();
    }

    /** The defaults: {@code libcrypto.so.3} through the loader, ranking {@value #DEFAULT_RANKING}, no AES-GCM. */
    public static OpenSslSettings defaults() {
        return new OpenSslSettings(DEFAULT_LIBRARY, DEFAULT_RANKING);
    }

    /** The settings from a Configuration Admin dictionary (or any map of the keys above). */
    public static OpenSslSettings from(Map<String, ?> config) {
        return from(key -> config.get(key) == null ? null : String.valueOf(config.get(key)));
    }

    /** The settings from system properties prefixed {@value #PID}{@code .}. */
    public static OpenSslSettings fromSystemProperties() {
        return from(key -> System.getProperty(PID + "." + key));
    }

    /** The settings an {@link OpenSslFactory} is given. */
    static OpenSslSettings from(ConfigurationValues values) {
        return from(values::text);
    }

    private static OpenSslSettings from(Function<String, String> values) {
        String ranking = values.apply("ranking");
        int rank;
        try {
            rank = ranking == null || ranking.isBlank() ? DEFAULT_RANKING : Integer.parseInt(ranking.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("openssl ranking is not a number: " + ranking, e);
        }
        String aesGcm = values.apply("aesGcm");
        boolean gcm = aesGcm != null && !aesGcm.isBlank() && Boolean.parseBoolean(aesGcm.trim());
        if (aesGcm != null && !aesGcm.isBlank() && !gcm && !aesGcm.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("openssl aesGcm is neither true nor false: " + aesGcm);
        }
        return new OpenSslSettings(values.apply("library"), rank, gcm);
    }
}
