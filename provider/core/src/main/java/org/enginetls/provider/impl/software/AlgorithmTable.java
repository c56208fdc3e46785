package org.enginetls.provider.impl.software;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.crypto.Cipher;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;

/**
 * Which software implementation the software engine uses for each operation and algorithm.
 *
 * <p>The JDK's own providers come first (their RSA, EC and AES-GCM use intrinsics), then
 * BouncyCastle for what the JDK lacks (such as the {@code SHA256withRSAandMGF1} names BCJSSE uses
 * for RSA-PSS). {@link #BOUNCY_CASTLE_FIRST} lists the operations where BouncyCastle measured faster
 * here (see {@code docs/benchmarks.md}).
 */
public final class AlgorithmTable {

    private static final List<String> JDK_PROVIDERS = List.of("SunEC", "SunRsaSign", "SunJCE", "SUN");

    /**
     * Operations for which BouncyCastle's implementation is preferred over the JDK's: the elliptic
     * curve work of a TLS 1.3 handshake, where BouncyCastle measured 2x to 14x faster per operation
     * on JDK 25 (PrimitiveBenchmark in docs/benchmarks.md). Key generation and agreement move
     * together, so a key pair is always used by the implementation that made it. Hashes, HMAC and
     * AES-GCM stay with the JDK, whose intrinsics are 4x to 50x faster. {@code NoneWithECDSA} (the name
     * BCJSSE signs TLS 1.3 ECDSA with) stays with the JDK too: with BouncyCastle the EC handshake
     * measured about 12% more CPU per handshake (1450 us against 1290 us, FullHandshakeBenchmark).
     */
    private static final Set<String> BOUNCY_CASTLE_FIRST = Set.of(
            "SIGN/SHA256WITHECDSA", "VERIFY/SHA256WITHECDSA",
            "SIGN/ED25519", "VERIFY/ED25519",
            "KEYGEN/X25519", "AGREE/X25519",
            "KEYGEN/EC", "AGREE/ECDH");

    /**
     * Record ciphers and key transport transformations TLS may ask for (providers list only base names).
     * BCJSSE builds ChaCha20-Poly1305 from BouncyCastle's {@code ChaCha7539} cipher and {@code Poly1305} MAC.
     */
    private static final List<String> SYMMETRIC_TRANSFORMATIONS = List.of(
            "AES/GCM/NoPadding", "ChaCha20-Poly1305", "ChaCha7539", "AES/CCM/NoPadding", "AES/CBC/NoPadding", "AES/ECB/NoPadding",
            "ARIA/GCM/NoPadding", "ARIA/CBC/NoPadding", "Camellia/GCM/NoPadding", "Camellia/CBC/NoPadding",
            "DESede/CBC/NoPadding", "SM4/GCM/NoPadding", "SM4/CCM/NoPadding", "SM4/CBC/NoPadding");
    private static final List<String> ASYMMETRIC_TRANSFORMATIONS = List.of(
            "RSA/ECB/PKCS1Padding", "RSA/NONE/PKCS1Padding", "RSA/NONE/NoPadding", "RSA/ECB/NoPadding", "RSA");

    /** The BC name of the default random generator, which BCJSSE asks for; answered by the JDK's DRBG. */
    private static final String DEFAULT_RANDOM = "DEFAULT";

    private final Map<String, Provider> providers = new HashMap<>();
    private final EngineCapabilities capabilities;
    private final SecureRandom random;

    private AlgorithmTable(List<Provider> jdk, Provider bouncyCastle) throws GeneralSecurityException {
        EngineCapabilities.Builder builder = EngineCapabilities.builder();
        List<Provider> order = new ArrayList<>(jdk);
        order.add(bouncyCastle);
        for (Provider provider : order) {
            for (Provider.Service service : provider.getServices()) {
                declare(builder, service.getType(), service.getAlgorithm(), provider, bouncyCastle);
            }
            for (String property : provider.stringPropertyNames()) {
                if (property.startsWith("Alg.Alias.")) {
                    String typeAndAlias = property.substring("Alg.Alias.".length());
                    int dot = typeAndAlias.indexOf('.');
                    if (dot > 0) {
                        declare(builder, typeAndAlias.substring(0, dot), typeAndAlias.substring(dot + 1), provider, bouncyCastle);
                    }
                }
            }
        }
        declareTransformations(builder, order, bouncyCastle);
        random = SecureRandom.getInstance("DRBG");
        builder.add(OperationKind.RANDOM, DEFAULT_RANDOM);
        capabilities = builder.build();
    }

    /** The table over this JVM's providers and a private BouncyCastle provider instance. */
    public static AlgorithmTable create(BouncyCastleProvider bouncyCastle) throws GeneralSecurityException {
        return new AlgorithmTable(jdkProviders(), bouncyCastle);
    }

    /** The JDK's crypto providers this JVM has, in the order the software engine prefers them. */
    public static List<Provider> jdkProviders() {
        return JDK_PROVIDERS.stream().map(Security::getProvider).filter(Objects::nonNull).toList();
    }

    private void declare(EngineCapabilities.Builder builder, String type, String algorithm, Provider provider,
            Provider bouncyCastle) {
        Set<OperationKind> kinds = switch (type) {
            case "Signature" -> EnumSet.of(OperationKind.SIGN, OperationKind.VERIFY);
            case "KeyAgreement" -> EnumSet.of(OperationKind.AGREE);
            case "KeyPairGenerator" -> EnumSet.of(OperationKind.KEYGEN);
            case "Mac" -> EnumSet.of(OperationKind.MAC);
            case "MessageDigest" -> EnumSet.of(OperationKind.DIGEST);
            case "KeyFactory" -> EnumSet.of(OperationKind.KEY_FACTORY);
            case "SecureRandom" -> EnumSet.of(OperationKind.RANDOM);
            default -> EnumSet.noneOf(OperationKind.class);
        };
        for (OperationKind kind : kinds) {
            put(builder, kind, algorithm, provider, bouncyCastle);
        }
    }

    private void declareTransformations(EngineCapabilities.Builder builder, List<Provider> order, Provider bouncyCastle) {
        for (String transformation : SYMMETRIC_TRANSFORMATIONS) {
            Provider provider = firstCipherProvider(order, transformation);
            if (provider != null) {
                put(builder, OperationKind.CIPHER, transformation, provider, bouncyCastle);
            }
        }
        for (String transformation : ASYMMETRIC_TRANSFORMATIONS) {
            Provider provider = firstCipherProvider(order, transformation);
            if (provider != null) {
                put(builder, OperationKind.ENCRYPT, transformation, provider, bouncyCastle);
                put(builder, OperationKind.DECRYPT, transformation, provider, bouncyCastle);
            }
        }
    }

    private static Provider firstCipherProvider(List<Provider> order, String transformation) {
        for (Provider provider : order) {
            try {
                Cipher.getInstance(transformation, provider);
                return provider;
            } catch (GeneralSecurityException e) {
                // not offered by this provider: try the next
            }
        }
        return null;
    }

    private void put(EngineCapabilities.Builder builder, OperationKind kind, String algorithm, Provider provider,
            Provider bouncyCastle) {
        String key = key(kind, algorithm);
        Provider current = providers.get(key);
        boolean bouncyCastleWins = provider == bouncyCastle && BOUNCY_CASTLE_FIRST.contains(key);
        if (current == null || bouncyCastleWins) {
            providers.put(key, provider);
            builder.add(kind, algorithm);
        }
    }

    private static String key(OperationKind kind, String algorithm) {
        return kind + "/" + algorithm.toUpperCase(Locale.ROOT);
    }

    EngineCapabilities capabilities() {
        return capabilities;
    }

    Provider provider(OperationKind kind, String algorithm) throws NoSuchAlgorithmException {
        Provider provider = providers.get(key(kind, algorithm));
        if (provider == null) {
            throw new NoSuchAlgorithmException("the software engine has no " + kind + " " + algorithm);
        }
        return provider;
    }

    SecureRandom random() {
        return random;
    }

    SecureRandom newSecureRandom(String algorithm) throws GeneralSecurityException {
        if (DEFAULT_RANDOM.equalsIgnoreCase(algorithm)) {
            return SecureRandom.getInstance("DRBG");
        }
        return SecureRandom.getInstance(algorithm, provider(OperationKind.RANDOM, algorithm));
    }
}
