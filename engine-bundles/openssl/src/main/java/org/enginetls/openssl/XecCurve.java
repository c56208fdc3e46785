package org.enginetls.openssl;

import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/** The Montgomery curves of RFC 7748, with the fixed DER around their raw keys (RFC 8410). */
enum XecCurve {
    X25519(NamedParameterSpec.X25519, 32, "302a300506032b656e032100", "302e020100300506032b656e04220420"),
    X448(NamedParameterSpec.X448, 56, "3042300506032b656f033900", "3046020100300506032b656f043a0438");

    private final NamedParameterSpec spec;
    private final int keyBytes;
    private final byte[] spkiPrefix;
    private final byte[] pkcs8Prefix;

    XecCurve(NamedParameterSpec spec, int keyBytes, String spkiPrefix, String pkcs8Prefix) {
        this.spec = spec;
        this.keyBytes = keyBytes;
        this.spkiPrefix = HexFormat.of().parseHex(spkiPrefix);
        this.pkcs8Prefix = HexFormat.of().parseHex(pkcs8Prefix);
    }

    /** The name OpenSSL and the JCA both know the curve by. */
    String algorithm() {
        return name();
    }

    NamedParameterSpec spec() {
        return spec;
    }

    int keyBytes() {
        return keyBytes;
    }

    /** The X.509 SubjectPublicKeyInfo of a raw public key. */
    byte[] spki(byte[] raw) {
        return concat(spkiPrefix, raw);
    }

    /** The PKCS#8 PrivateKeyInfo of a raw private key. */
    byte[] pkcs8(byte[] raw) {
        return concat(pkcs8Prefix, raw);
    }

    /** The raw public key inside {@code spki}, or {@code null} if it is not this curve's SubjectPublicKeyInfo. */
    byte[] rawPublicKey(byte[] spki) {
        if (spki == null || spki.length != spkiPrefix.length + keyBytes
                || !Arrays.equals(spki, 0, spkiPrefix.length, spkiPrefix, 0, spkiPrefix.length)) {
            return null;
        }
        return Arrays.copyOfRange(spki, spkiPrefix.length, spki.length);
    }

    /** The curve {@code algorithm} names ({@code X25519}, {@code X448}), or {@code null}. */
    static XecCurve named(String algorithm) {
        for (XecCurve curve : values()) {
            if (curve.name().equalsIgnoreCase(algorithm)) {
                return curve;
            }
        }
        return null;
    }

    private static byte[] concat(byte[] prefix, byte[] raw) {
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + raw.length);
        System.arraycopy(raw, 0, encoded, prefix.length, raw.length);
        return encoded;
    }
}
