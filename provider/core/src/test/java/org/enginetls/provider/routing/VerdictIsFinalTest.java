package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.impl.crypto.RoutingProvider;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineStatistics;
import org.enginetls.provider.testing.CountingEngine;
import org.junit.Test;

/**
 * A verdict about the input is final: it reaches one engine, never the next. Retrying it would double
 * the work for bad input and make good and bad input take measurably different time (for RSA
 * decryption, the shape of a Bleichenbacher oracle).
 */
public class VerdictIsFinalTest {

    private final ProviderCore core = new ProviderCore(new ProviderSettings(false, RouterSettings.DEFAULTS));
    private final CountingEngine first;
    private final CountingEngine second;
    private final RoutingProvider provider = new RoutingProvider(core.router(), List.of());

    public VerdictIsFinalTest() throws Exception {
        first = CountingEngine.overSoftware("first");
        second = CountingEngine.overSoftware("second");
        core.registry().add(first, 200, EngineOrigin.CLASS_PATH);
        core.registry().add(second, 100, EngineOrigin.CLASS_PATH);
    }

    @Test
    public void badSignatureReachesExactlyOneEngine() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Signature verifier = Signature.getInstance("SHA256withECDSA", provider);
        verifier.initVerify(keys.getPublic());
        verifier.update(new byte[] {1, 2, 3});

        try {
            verifier.verify(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
            fail("a malformed signature verified");
        } catch (SignatureException expected) {
            // the first engine's verdict
        }

        assertEquals("the best engine judged it", 1, first.count(OperationKind.VERIFY));
        assertEquals("and nobody asked again", 0, second.count(OperationKind.VERIFY));
        assertNotBlamed(first);
    }

    @Test
    public void badPaddingReachesExactlyOneEngine() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Cipher decryptor = Cipher.getInstance("RSA/ECB/PKCS1Padding", provider);
        decryptor.init(Cipher.DECRYPT_MODE, keys.getPrivate());
        byte[] notPkcs1 = new byte[256];
        notPkcs1[255] = 2;

        try {
            decryptor.doFinal(notPkcs1);
            fail("a ciphertext without PKCS#1 padding decrypted");
        } catch (BadPaddingException expected) {
            // the first engine's verdict
        }

        assertEquals("the best engine judged it", 1, first.count(OperationKind.DECRYPT));
        assertEquals("and nobody asked again", 0, second.count(OperationKind.DECRYPT));
        assertNotBlamed(first);
    }

    /** An engine that judged bad input did its work: no failure, no failover. */
    private void assertNotBlamed(CountingEngine engine) {
        EngineStatistics statistics = core.registry().find(engine.id()).statistics();
        assertEquals(0, statistics.failedCount());
        assertEquals(0, statistics.failoverCount());
        assertEquals(0, statistics.inFlight());
    }
}
