package org.enginetls.pool;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignatureNames;

/**
 * The crypto a pool worker runs: the JDK's providers, except for the elliptic-curve operations
 * where BouncyCastle measured several times faster on JDK 25 (the same choice as the provider's
 * software engine, see {@code docs/benchmarks.md}), so that moving work to the pool changes where
 * it runs, not what it costs. BouncyCastle's RSA-PSS names (which BCJSSE uses) map to the JDK's
 * {@code RSASSA-PSS}. Only algorithms this JVM can run are declared.
 *
 * <p>Not final: tests extend it to hold or break a worker in the middle of a real operation.
 */
class JcaOperations {

    private static final Map<OperationKind, List<String>> CANDIDATES = Map.of(
            OperationKind.SIGN, List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "NONEwithECDSA",
                    "Ed25519", "Ed448", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA",
                    "SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1"),
            OperationKind.AGREE, List.of("X25519", "X448", "ECDH", "XDH"),
            OperationKind.KEYGEN, List.of("EC", "X25519", "X448", "XDH"),
            OperationKind.DECRYPT, List.of("RSA/ECB/PKCS1Padding"),
            OperationKind.ENCRYPT, List.of("RSA/ECB/PKCS1Padding"));

    /**
     * Where BouncyCastle is used (PrimitiveBenchmark: 2x to 14x faster than SunEC); key generation and
     * agreement together, so a key pair is used by the implementation that made it. The provider's
     * {@code AlgorithmTable.BOUNCY_CASTLE_FIRST} lists the same: the two bundles cannot share it.
     */
    private static final Set<String> BOUNCY_CASTLE_FIRST = Set.of(
            "SIGN/SHA256WITHECDSA", "VERIFY/SHA256WITHECDSA", "SIGN/ED25519", "VERIFY/ED25519",
            "KEYGEN/X25519", "AGREE/X25519", "KEYGEN/EC", "AGREE/ECDH");

    /** A private instance, never added to the JVM's provider list. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The algorithms of {@code kinds} this JVM can run; verification is offered for every signature name. */
    EngineCapabilities capabilities(Set<OperationKind> kinds) {
        EngineCapabilities.Builder builder = EngineCapabilities.builder();
        Map<OperationKind, Set<String>> available = new EnumMap<>(OperationKind.class);
        for (OperationKind kind : kinds) {
            OperationKind listed = kind == OperationKind.VERIFY ? OperationKind.SIGN : kind;
            for (String algorithm : CANDIDATES.getOrDefault(listed, List.of())) {
                if (runnable(kind, algorithm)) {
                    available.computeIfAbsent(kind, k -> new TreeSet<>()).add(algorithm);
                }
            }
        }
        available.forEach((kind, names) -> builder.add(kind, names.toArray(String[]::new)));
        return builder.build();
    }

    private boolean runnable(OperationKind kind, String algorithm) {
        try {
            switch (kind) {
                case SIGN, VERIFY -> signature(kind, algorithm);
                case AGREE -> keyAgreement(algorithm);
                case KEYGEN -> keyPairGenerator(algorithm);
                case DECRYPT, ENCRYPT -> Cipher.getInstance(algorithm);
                default -> {
                    return false;
                }
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    byte[] sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data)
            throws GeneralSecurityException {
        Signature signature = signature(OperationKind.SIGN, algorithm);
        signature.initSign(key);
        setParameters(signature, algorithm, parameters);
        signature.update(data);
        return signature.sign();
    }

    boolean verify(String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data, byte[] signed)
            throws GeneralSecurityException {
        Signature signature = signature(OperationKind.VERIFY, algorithm);
        signature.initVerify(key);
        setParameters(signature, algorithm, parameters);
        signature.update(data);
        return signature.verify(signed);
    }

    byte[] agree(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, PublicKey peer)
            throws GeneralSecurityException {
        KeyAgreement agreement = keyAgreement(algorithm);
        if (parameters != null) {
            agreement.init(key, parameters);
        } else {
            agreement.init(key);
        }
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    KeyPair generateKeyPair(String algorithm, AlgorithmParameterSpec parameters, int keySize, SecureRandom random)
            throws GeneralSecurityException {
        KeyPairGenerator generator = keyPairGenerator(algorithm);
        SecureRandom source = random != null ? random : RANDOM;
        if (parameters != null) {
            generator.initialize(parameters, source);
        } else if (keySize > 0) {
            generator.initialize(keySize, source);
        }
        return generator.generateKeyPair();
    }

    byte[] transform(OperationKind kind, String transformation, AlgorithmParameterSpec parameters, Key key, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation);
        int mode = kind == OperationKind.ENCRYPT ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        if (parameters != null) {
            cipher.init(mode, key, parameters);
        } else {
            cipher.init(mode, key);
        }
        return cipher.doFinal(input);
    }

    private static void setParameters(Signature signature, String algorithm, AlgorithmParameterSpec parameters)
            throws GeneralSecurityException {
        AlgorithmParameterSpec effective = parameters != null ? parameters : SignatureNames.pssParameters(algorithm);
        if (effective != null) {
            signature.setParameter(effective);
        }
    }

    private static Signature signature(OperationKind kind, String algorithm) throws GeneralSecurityException {
        if (SignatureNames.pssParameters(algorithm) != null) {
            return Signature.getInstance("RSASSA-PSS");
        }
        return bouncyCastleFirst(kind, algorithm) ? Signature.getInstance(algorithm, BouncyCastle.PROVIDER)
                : Signature.getInstance(algorithm);
    }

    private static KeyAgreement keyAgreement(String algorithm) throws GeneralSecurityException {
        return bouncyCastleFirst(OperationKind.AGREE, algorithm) ? KeyAgreement.getInstance(algorithm, BouncyCastle.PROVIDER)
                : KeyAgreement.getInstance(algorithm);
    }

    private static KeyPairGenerator keyPairGenerator(String algorithm) throws GeneralSecurityException {
        return bouncyCastleFirst(OperationKind.KEYGEN, algorithm)
                ? KeyPairGenerator.getInstance(algorithm, BouncyCastle.PROVIDER) : KeyPairGenerator.getInstance(algorithm);
    }

    private static boolean bouncyCastleFirst(OperationKind kind, String algorithm) {
        return BOUNCY_CASTLE_FIRST.contains(kind + "/" + algorithm.toUpperCase(Locale.ROOT));
    }
}
