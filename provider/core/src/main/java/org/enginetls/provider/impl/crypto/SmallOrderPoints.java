package org.enginetls.provider.impl.crypto;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The u-coordinates of the X25519 and X448 points of small order, with which every private key agrees
 * on all zeros (RFC 7748 section 6). X25519: 0 and 1, p-1, and the two points of order 8; X448: 0, 1 and
 * p-1. A coordinate is compared modulo p, so that non-canonical encodings (p, p+1, ...) are caught too.
 */
final class SmallOrderPoints {

    private static final BigInteger P25519 = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger P448 = BigInteger.TWO.pow(448).subtract(BigInteger.TWO.pow(224)).subtract(BigInteger.ONE);

    private record Curve(BigInteger p, List<BigInteger> smallOrder) {
    }

    private static final Map<String, Curve> CURVES = Map.of(
            "X25519", new Curve(P25519, List.of(BigInteger.ZERO, BigInteger.ONE, P25519.subtract(BigInteger.ONE),
                    new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
                    new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"))),
            "X448", new Curve(P448, List.of(BigInteger.ZERO, BigInteger.ONE, P448.subtract(BigInteger.ONE))));

    private SmallOrderPoints() {
    }

    /** Whether {@code u} is a point of small order on the curve named {@code curve} ({@code X25519}, {@code X448}). */
    static boolean contains(String curve, BigInteger u) {
        Curve known = CURVES.get(curve.toUpperCase(Locale.ROOT));
        return known != null && known.smallOrder().contains(u.mod(known.p()));
    }
}
