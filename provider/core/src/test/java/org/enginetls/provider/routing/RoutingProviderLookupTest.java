package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.security.Provider;
import java.util.List;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RoutingProvider;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.junit.Test;

/**
 * The router's JCA provider keeps the services it found, and forgets them as soon as the engines change:
 * a kept answer is never one an engine that left gave, nor a "no" from before an engine arrived.
 */
public class RoutingProviderLookupTest {

    /** An engine that only declares a signature nobody else has; nothing here calls it. */
    private static final class DeclaringEngine implements CryptoEngine {
        @Override
        public String id() {
            return "declaring";
        }

        @Override
        public EngineCapabilities capabilities() {
            return EngineCapabilities.builder().add(OperationKind.SIGN, "SHA256withExotic").build();
        }
    }

    @Test
    public void aNameAskedInAnotherCaseFindsTheSameKindOfService() {
        Provider routed = new RoutingProvider(new ProviderCore(ProviderSettings.DEFAULTS).router(), List.of());
        Provider.Service asDeclared = routed.getService("Mac", "HmacSHA256");
        Provider.Service upperCase = routed.getService("Mac", "HMACSHA256");
        assertNotNull(asDeclared);
        assertNotNull(upperCase);
        assertEquals(asDeclared.getType(), upperCase.getType());
        assertEquals(asDeclared.getAlgorithm().toUpperCase(), upperCase.getAlgorithm().toUpperCase());
        assertNull(routed.getService("Mac", "HmacNothing"));
    }

    @Test
    public void servicesFollowAnEngineThatArrivesAndLeaves() {
        ProviderCore core = new ProviderCore(ProviderSettings.DEFAULTS);
        Provider routed = new RoutingProvider(core.router(), List.of());
        DeclaringEngine engine = new DeclaringEngine();

        assertNull("nobody offers it yet", routed.getService("Signature", "SHA256withExotic"));
        core.registry().add(engine, 10, EngineOrigin.CLASS_PATH);
        assertNotNull("offered once the engine is there", routed.getService("Signature", "SHA256withExotic"));
        assertNotNull("asked again, still offered", routed.getService("Signature", "SHA256withExotic"));
        core.registry().remove(engine);
        assertNull("gone with the engine", routed.getService("Signature", "SHA256withExotic"));
        assertNotNull("other types are found again", routed.getService("MessageDigest", "SHA-256"));
    }
}
