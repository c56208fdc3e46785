package org.enginetls.dasync;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;

import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignatureNames;

/**
 * The real crypto behind dasync: the JDK's providers, with BouncyCastle's RSA-PSS names (which
 * BCJSSE uses) mapped to the JDK's {@code RSASSA-PSS}. Only algorithms this JVM can run are declared.
 */
final class SoftwareCrypto {

    private static final Map<OperationKind, List<String>> CANDIDATES = Map.of(
            OperationKind.SIGN, List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA", "NONEwithECDSA",
                    "Ed25519", "Ed448", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA",
                    "SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1"),
            OperationKind.AGREE, List.of("X25519", "X448", "ECDH", "XDH"),
            OperationKind.KEYGEN, List.of("EC", "X25519", "X448", "XDH"),
            OperationKind.DECRYPT, List.of("RSA/ECB/PKCS1Padding"),
            OperationKind.CIPHER, List.of("AES/GCM/NoPadding", "AES/CBC/NoPadding"));

    private SoftwareCrypto() {
    }

    static EngineCapabilities capabilities(Set<OperationKind> kinds) {
        EngineCapabilities.Builder builder = EngineCapabilities.builder();
        Map<OperationKind, Set<String>> available = new EnumMap<>(OperationKind.class);
        for (OperationKind kind : kinds) {
            for (String algorithm : CANDIDATES.getOrDefault(kind, List.of())) {
                if (runnable(kind, algorithm)) {
                    available.computeIfAbsent(kind, k -> new TreeSet<>()).add(algorithm);
                }
            }
        }
        available.forEach((kind, names) -> builder.add(kind, names.toArray(String[]::new)));
        return builder.build();
    }

    private static boolean runnable(OperationKind kind, String algorithm) {
        try {
            switch (kind) {
                case SIGN -> signature(algorithm);
                case AGREE -> KeyAgreement.getInstance(algorithm);
                case KEYGEN -> KeyPairGenerator.getInstance(algorithm);
                case DECRYPT, CIPHER -> Cipher.getInstance(algorithm);
                default -> {
                    return false;
                }
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static byte[] sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data)
            throws GeneralSecurityException {
        Signature signature = signature(algorithm);
        signature.initSign(key);
        AlgorithmParameterSpec effective = parameters != null ? parameters : SignatureNames.pssParameters(algorithm);
        if (effective != null) {
            signature.setParameter(effective);
        }
        signature.update(data);
        return signature.sign();
    }

    static byte[] agree(String algorithm, PrivateKey key, PublicKey peer) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance(algorithm);
        agreement.init(key);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    static KeyPair generateKeyPair(String algorithm, AlgorithmParameterSpec parameters, int keySize, SecureRandom random)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (parameters != null) {
            generator.initialize(parameters, random != null ? random : new SecureRandom());
        } else if (keySize > 0) {
            generator.initialize(keySize, random != null ? random : new SecureRandom());
        }
        return generator.generateKeyPair();
    }

    static byte[] decrypt(String transformation, AlgorithmParameterSpec parameters, Key key, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation);
        if (parameters != null) {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters);
        } else {
            cipher.init(Cipher.DECRYPT_MODE, key);
        }
        return cipher.doFinal(input);
    }

    static Cipher newCipher(String transformation) throws GeneralSecurityException {
        return Cipher.getInstance(transformation);
    }

    private static Signature signature(String algorithm) throws GeneralSecurityException {
        return Signature.getInstance(SignatureNames.jcaName(algorithm));
    }
}
