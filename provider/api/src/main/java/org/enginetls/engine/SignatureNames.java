package org.enginetls.engine;

import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Map;

/**
 * The signature algorithm names engines receive in {@link SignRequest#algorithm()} and
 * {@link VerifyRequest#algorithm()}, translated for the JDK's providers.
 *
 * <p>The TLS stack names RSASSA-PSS with a digest in the name ({@code SHA256withRSAandMGF1}); the
 * JDK's providers, SunPKCS11 among them, know the scheme only as {@code RSASSA-PSS} with explicit
 * parameters. TLS 1.3 fixes those parameters: MGF1 with the same digest and a salt as long as the
 * digest.
 */
public final class SignatureNames {

    private static final Map<String, String> PSS_DIGESTS = Map.of(
            "SHA256WITHRSAANDMGF1", "SHA-256", "SHA384WITHRSAANDMGF1", "SHA-384", "SHA512WITHRSAANDMGF1", "SHA-512");

    private SignatureNames() {
    }

    /** The RSASSA-PSS parameters {@code algorithm} stands for, or {@code null} if it names no PSS scheme. */
    public static PSSParameterSpec pssParameters(String algorithm) {
        String digest = PSS_DIGESTS.get(algorithm.toUpperCase(Locale.ROOT));
        if (digest == null) {
            return null;
        }
        int saltLength = switch (digest) {
            case "SHA-256" -> 32;
            case "SHA-384" -> 48;
            default -> 64;
        };
        return new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength,
                PSSParameterSpec.TRAILER_FIELD_BC);
    }

    /** The name the JDK's providers offer {@code algorithm} under: {@code RSASSA-PSS} for the PSS names, else itself. */
    public static String jcaName(String algorithm) {
        return PSS_DIGESTS.containsKey(algorithm.toUpperCase(Locale.ROOT)) ? "RSASSA-PSS" : algorithm;
    }
}
