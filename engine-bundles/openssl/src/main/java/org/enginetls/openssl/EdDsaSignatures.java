package org.enginetls.openssl;

import java.math.BigInteger;
import java.security.SignatureException;

/**
 * The checks that make the JDK reject an EdDSA signature outright where OpenSSL only answers "not
 * valid": an {@code R} that is no point of the curve, or a scalar {@code S} not below the group order
 * (RFC 8032, 5.1.3 and 5.1.7; 5.2.3 and 5.2.7). Run only after
 * OpenSSL has said "not valid", so a valid signature costs nothing here.
 */
final class EdDsaSignatures {

    private static final BigInteger ED25519_ORDER = BigInteger.TWO.pow(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger ED448_ORDER = BigInteger.TWO.pow(446)
            .subtract(new BigInteger("13818066809895115352007386748515426880336692474882178609894547503885"));

    private static final BigInteger ED25519_P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = -121665/121666 mod p. */
    private static final BigInteger ED25519_D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(ED25519_P)).mod(ED25519_P);
    private static final BigInteger ED448_P = BigInteger.TWO.pow(448).subtract(BigInteger.TWO.pow(224)).subtract(BigInteger.ONE);
    private static final BigInteger ED448_D = BigInteger.valueOf(-39081).mod(ED448_P);

    private EdDsaSignatures() {
    }

    static void requireCanonical(String algorithm, byte[] signature) throws SignatureException {
        boolean ed25519 = algorithm.equalsIgnoreCase("Ed25519");
        int half = signature.length / 2;
        byte[] bigEndian = new byte[half];
        for (int i = 0; i < half; i++) {
            bigEndian[i] = signature[signature.length - 1 - i];
        }
        if (!decodable(ed25519, java.util.Arrays.copyOf(signature, half))) {
            throw new SignatureException("the " + algorithm + " signature's R is not a point of the curve");
        }
        BigInteger s = new BigInteger(1, bigEndian);
        if (s.compareTo(ed25519 ? ED25519_ORDER : ED448_ORDER) >= 0) {
            throw new SignatureException("the " + algorithm + " signature's S is out of range");
        }
    }

    /** Whether {@code encoded} (little-endian y, the top bit x's sign) decodes to a point. */
    private static boolean decodable(boolean ed25519, byte[] encoded) {
        BigInteger p = ed25519 ? ED25519_P : ED448_P;
        byte[] bigEndian = new byte[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger y2 = y.multiply(y).mod(p);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(p);
        // Ed25519: x^2 = (y^2 - 1) / (d y^2 + 1); Ed448: x^2 = (y^2 - 1) / (d y^2 - 1)
        BigInteger v = ed25519 ? ED25519_D.multiply(y2).add(BigInteger.ONE).mod(p)
                : ED448_D.multiply(y2).subtract(BigInteger.ONE).mod(p);
        if (v.signum() == 0) {
            return false;
        }
        BigInteger x2 = u.multiply(v.modInverse(p)).mod(p);
        if (x2.signum() == 0) {
            return !xOdd;
        }
        // Euler's criterion: a square has x2^((p-1)/2) = 1
        return x2.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
    }
}
