package org.enginetls.openssl;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Locale;

import org.enginetls.engine.SignatureNames;

/**
 * What a JCA signature name asks OpenSSL to do: hash with {@code digest} (or not, for the
 * {@code NONEwith} names and EdDSA), which key type, and for RSA the padding.
 *
 * @param digest the OpenSSL digest name, {@code null} when the input is signed as it is
 * @param hashed whether OpenSSL hashes the input ({@code EVP_DigestSign}) rather than signing it raw
 *        ({@code EVP_PKEY_sign}); EdDSA hashes inside the algorithm and has no digest
 * @param keyType the key type the scheme needs: {@code EC}, {@code RSA} or {@code EdDSA}
 * @param pss the RSASSA-PSS parameters, {@code null} for every other scheme
 */
record SignatureScheme(String digest, boolean hashed, String keyType, PSSParameterSpec pss) {

    private static final List<String> DIGESTS = List.of("SHA1", "SHA224", "SHA256", "SHA384", "SHA512");

    /** Every name the engine declares for signing and verification. */
    static List<String> names() {
        List<String> names = new java.util.ArrayList<>(List.of("NONEwithECDSA", "NONEwithRSA", "Ed25519", "Ed448",
                "SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1", "RSASSA-PSS"));
        for (String digest : DIGESTS) {
            names.add(digest + "withECDSA");
            names.add(digest + "withRSA");
        }
        return names;
    }

    static SignatureScheme of(String algorithm, AlgorithmParameterSpec parameters)
            throws NoSuchAlgorithmException, InvalidAlgorithmParameterException {
        String name = algorithm.toUpperCase(Locale.ROOT);
        PSSParameterSpec pss = SignatureNames.pssParameters(algorithm);
        if (pss != null || name.equals("RSASSA-PSS")) {
            if (parameters instanceof PSSParameterSpec given) {
                pss = given;
            } else if (parameters != null || pss == null) {
                throw new InvalidAlgorithmParameterException(algorithm + " needs PSSParameterSpec parameters, got " + parameters);
            }
            if (!"MGF1".equalsIgnoreCase(pss.getMGFAlgorithm()) || !(pss.getMGFParameters() instanceof MGF1ParameterSpec)
                    || pss.getTrailerField() != PSSParameterSpec.TRAILER_FIELD_BC) {
                throw new InvalidAlgorithmParameterException("the openssl engine signs RSASSA-PSS with MGF1 and trailer 1 only");
            }
            return new SignatureScheme(pss.getDigestAlgorithm(), true, "RSA", pss);
        }
        if (parameters != null) {
            throw new InvalidAlgorithmParameterException(algorithm + " takes no parameters, got " + parameters);
        }
        switch (name) {
            case "NONEWITHECDSA" -> {
                return new SignatureScheme(null, false, "EC", null);
            }
            case "NONEWITHRSA" -> {
                return new SignatureScheme(null, false, "RSA", null);
            }
            case "ED25519", "ED448" -> {
                return new SignatureScheme(null, true, "EdDSA", null);
            }
            default -> { }
        }
        int with = name.indexOf("WITH");
        if (with > 0 && DIGESTS.contains(name.substring(0, with))) {
            String digest = name.substring(0, with);
            switch (name.substring(with + 4)) {
                case "ECDSA" -> {
                    return new SignatureScheme(digest, true, "EC", null);
                }
                case "RSA" -> {
                    return new SignatureScheme(digest, true, "RSA", null);
                }
                default -> { }
            }
        }
        throw new NoSuchAlgorithmException("the openssl engine has no signature " + algorithm);
    }

    boolean isRsa() {
        return keyType.equals("RSA");
    }
}
