package org.enginetls.openssl;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** The NIST prime curves the engine generates keys on, with what a Java key needs to describe them. */
enum EcCurve {
    P_256("P-256", "secp256r1", Set.of("secp256r1", "p-256", "prime256v1", "nist p-256", "1.2.840.10045.3.1.7"), 32,
            "3059301306072a8648ce3d020106082a8648ce3d030107034200"),
    P_384("P-384", "secp384r1", Set.of("secp384r1", "p-384", "nist p-384", "1.3.132.0.34"), 48,
            "3076301006072a8648ce3d020106052b81040022036200"),
    P_521("P-521", "secp521r1", Set.of("secp521r1", "p-521", "nist p-521", "1.3.132.0.35"), 66,
            "30819b301006072a8648ce3d020106052b8104002303818600");

    private final String openSslName;
    private final String jdkName;
    private final Set<String> names;
    private final int fieldBytes;
    private final byte[] spkiPrefix;
    private volatile ECParameterSpec spec;

    EcCurve(String openSslName, String jdkName, Set<String> names, int fieldBytes, String spkiPrefix) {
        this.openSslName = openSslName;
        this.jdkName = jdkName;
        this.names = names;
        this.fieldBytes = fieldBytes;
        this.spkiPrefix = HexFormat.of().parseHex(spkiPrefix);
    }

    /** The group name OpenSSL knows the curve by. */
    String openSslName() {
        return openSslName;
    }

    /** Bytes of one coordinate (and of the private scalar). */
    int fieldBytes() {
        return fieldBytes;
    }

    /** The DER of a SubjectPublicKeyInfo up to the uncompressed point, which follows it. */
    byte[] spkiPrefix() {
        return spkiPrefix.clone();
    }

    /** The JDK's parameters of this curve, as its own keys carry them. */
    ECParameterSpec spec() {
        ECParameterSpec known = spec;
        if (known == null) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(jdkName));
                known = parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK does not know " + openSslName, e);
            }
            spec = known;
        }
        return known;
    }

    /** The curve {@code parameters} describe, or {@code null} if it is none of these. */
    static EcCurve of(ECParameterSpec parameters) {
        if (parameters == null) {
            return null;
        }
        for (EcCurve curve : values()) {
            if (matches(curve.spec(), parameters)) {
                return curve;
            }
        }
        return null;
    }

    /** {@code 04 || x || y}, each coordinate {@link #fieldBytes()} long; {@code null} if a coordinate does not fit. */
    byte[] uncompressed(java.security.spec.ECPoint w) {
        byte[] point = new byte[1 + 2 * fieldBytes];
        point[0] = 4;
        if (!put(w.getAffineX(), point, 1) || !put(w.getAffineY(), point, 1 + fieldBytes)) {
            return null;
        }
        return point;
    }

    private boolean put(BigInteger coordinate, byte[] into, int offset) {
        if (coordinate == null || coordinate.signum() < 0) {
            return false;
        }
        byte[] bytes = coordinate.toByteArray();
        int start = bytes.length > fieldBytes ? bytes.length - fieldBytes : 0;
        for (int i = 0; i < start; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        System.arraycopy(bytes, start, into, offset + fieldBytes - (bytes.length - start), bytes.length - start);
        return true;
    }

    /** The curve {@code parameters} or {@code keySize} name; declined with an exception if none of these. */
    static EcCurve of(AlgorithmParameterSpec parameters, int keySize) throws InvalidAlgorithmParameterException {
        if (parameters instanceof ECGenParameterSpec named) {
            String name = named.getName().toLowerCase(Locale.ROOT);
            for (EcCurve curve : values()) {
                if (curve.names.contains(name)) {
                    return curve;
                }
            }
        } else if (parameters instanceof ECParameterSpec explicit) {
            EcCurve curve = of(explicit);
            if (curve != null) {
                return curve;
            }
        } else if (parameters == null) {
            switch (keySize) {
                case 0, 256 -> {
                    return P_256;
                }
                case 384 -> {
                    return P_384;
                }
                case 521 -> {
                    return P_521;
                }
                default -> { }
            }
        }
        throw new InvalidAlgorithmParameterException("the openssl engine generates EC keys on P-256, P-384 and P-521 only, not "
                + (parameters != null ? parameters : keySize + " bits"));
    }

    private static boolean matches(ECParameterSpec a, ECParameterSpec b) {
        if (a == b) {
            return true;
        }
        BigInteger order = a.getOrder();
        return order.equals(b.getOrder()) && a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getCofactor() == b.getCofactor();
    }
}
