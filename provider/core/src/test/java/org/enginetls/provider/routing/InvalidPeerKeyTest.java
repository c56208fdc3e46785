package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.List;

import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;

import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RoutingProvider;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A peer's invalid key share is refused where the JCA puts the verdict, {@code KeyAgreement.doPhase}
 * throwing {@link InvalidKeyException}, never as an unchecked exception, whichever implementation
 * the software engine uses for the curve (BouncyCastle's X25519 and ECDH refuse with unchecked ones).
 * It is the peer's fault, not the engine's: the engine stays active.
 */
public class InvalidPeerKeyTest {

    private static final BigInteger P25519 = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger P448 = BigInteger.TWO.pow(448).subtract(BigInteger.TWO.pow(224)).subtract(BigInteger.ONE);

    private static ProviderCore core;
    private static Provider routed;

    @BeforeClass
    public static void createRouter() {
        core = new ProviderCore(ProviderSettings.DEFAULTS);
        routed = new RoutingProvider(core.router(), List.of());
    }

    @Test
    public void smallOrderX25519PointsAreInvalidKeys() throws Exception {
        for (BigInteger u : List.of(BigInteger.ZERO, BigInteger.ONE, P25519.subtract(BigInteger.ONE))) {
            assertRefused("X25519", KeyPairGenerator.getInstance("X25519").generateKeyPair(), xdh(NamedParameterSpec.X25519, u));
        }
    }

    @Test
    public void smallOrderX448PointsAreInvalidKeys() throws Exception {
        for (BigInteger u : List.of(BigInteger.ZERO, BigInteger.ONE, P448.subtract(BigInteger.ONE))) {
            assertRefused("X448", KeyPairGenerator.getInstance("X448").generateKeyPair(), xdh(NamedParameterSpec.X448, u));
        }
    }

    @Test
    public void diffieHellmanValuesOutsideTheGroupAreInvalidKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
        generator.initialize(2048);
        KeyPair mine = generator.generateKeyPair();
        DHParameterSpec group = ((DHPublicKey) mine.getPublic()).getParams();
        BigInteger p = group.getP();
        for (BigInteger y : List.of(BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p)) {
            PublicKey bad = KeyFactory.getInstance("DH").generatePublic(new DHPublicKeySpec(y, p, group.getG()));
            assertRefused("DH", mine, bad);
        }
    }

    /** As BouncyCastle's key factory does: its TLS decodes a DH share through the factory and sends handshake_failure. */
    @Test
    public void diffieHellmanKeyFactoryRefusesValuesOutsideTheGroup() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
        generator.initialize(2048);
        DHParameterSpec group = ((DHPublicKey) generator.generateKeyPair().getPublic()).getParams();
        BigInteger p = group.getP();
        KeyFactory factory = KeyFactory.getInstance("DH", routed);
        for (BigInteger y : List.of(BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p)) {
            try {
                factory.generatePublic(new DHPublicKeySpec(y, p, group.getG()));
                fail("the key factory accepted y = " + y);
            } catch (InvalidKeySpecException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("1 < y < p-1"));
            }
        }
        BigInteger two = BigInteger.TWO;
        assertEquals(two, ((DHPublicKey) factory.generatePublic(new DHPublicKeySpec(two, p, group.getG()))).getY());
    }

    /**
     * The key factory refuses every point of small order, and the JDK's own agreement confirms each is one
     * (so the list cannot hold a wrong value unnoticed); an ordinary point passes.
     */
    @Test
    public void xdhKeyFactoryRefusesPointsOfSmallOrder() throws Exception {
        BigInteger order8a = new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504");
        BigInteger order8b = new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823");
        assertSmallOrderRefused(NamedParameterSpec.X25519, List.of(BigInteger.ZERO, BigInteger.ONE,
                P25519.subtract(BigInteger.ONE), order8a, order8b, P25519, P25519.add(BigInteger.ONE), order8a.add(P25519)));
        assertSmallOrderRefused(NamedParameterSpec.X448, List.of(BigInteger.ZERO, BigInteger.ONE, P448.subtract(BigInteger.ONE),
                P448));

        PublicKey ordinary = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
        KeyFactory.getInstance("X25519", routed).generatePublic(new X509EncodedKeySpec(ordinary.getEncoded()));
    }

    private static void assertSmallOrderRefused(NamedParameterSpec curve, List<BigInteger> points) throws Exception {
        KeyFactory factory = KeyFactory.getInstance(curve.getName(), routed);
        for (BigInteger u : points) {
            KeyAgreement jdk = KeyAgreement.getInstance(curve.getName(), "SunEC");
            jdk.init(KeyPairGenerator.getInstance(curve.getName(), "SunEC").generateKeyPair().getPrivate());
            try {
                jdk.doPhase(xdh(curve, u), true);
                fail("the JDK agreed with " + curve.getName() + " u = " + u + ": not a point of small order");
            } catch (InvalidKeyException expected) {
                // the JDK confirms it
            }
            try {
                factory.generatePublic(new XECPublicKeySpec(curve, u));
                fail("the key factory accepted " + curve.getName() + " u = " + u);
            } catch (InvalidKeySpecException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("small order"));
            }
        }
    }

    @Test
    public void ecPointsOffTheCurveAreInvalidKeys() throws Exception {
        for (String curve : List.of("secp256r1", "secp384r1")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair mine = generator.generateKeyPair();
            ECPublicKey valid = (ECPublicKey) generator.generateKeyPair().getPublic();
            ECPoint w = valid.getW();
            ECPoint offTheCurve = new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE));
            PublicKey bad = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(offTheCurve, valid.getParams()));
            assertRefused("ECDH", mine, bad);
        }
    }

    private static PublicKey xdh(NamedParameterSpec curve, BigInteger u) throws Exception {
        return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(curve, u));
    }

    private static void assertRefused(String algorithm, KeyPair mine, PublicKey peer) throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance(algorithm, routed);
        agreement.init(mine.getPrivate());
        try {
            agreement.doPhase(peer, true);
            fail(algorithm + " accepted the invalid peer key " + peer);
        } catch (InvalidKeyException expected) {
            assertTrue(expected.getMessage(), expected.getMessage() != null);
        }
        for (RegisteredEngine engine : core.registry().routable()) {
            assertEquals("a bad peer key is not the engine's failure: " + engine.id(), "ACTIVE", engine.state().name());
        }
    }
}
