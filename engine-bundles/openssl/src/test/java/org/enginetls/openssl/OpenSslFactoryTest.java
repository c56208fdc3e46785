package org.enginetls.openssl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.junit.Test;

/** The provider's {@code engine.openssl.<key>} settings configure the openssl engine of that instance alone. */
public class OpenSslFactoryTest {

    @Test
    public void providerSettingsConfigureTheEngineOfThisInstance() {
        EngineTlsProvider configured = new EngineTlsProvider(Map.of("classPathEngines", "openssl",
                "engine.openssl.ranking", "77", "engine.openssl.aesGcm", "true"));
        EngineTlsProvider plain = new EngineTlsProvider(Map.of("classPathEngines", "openssl"));

        assertEquals(77, configured.runtime().getEngine(OpenSslEngine.ID).orElseThrow().ranking);
        assertTrue(engine(configured).settings().aesGcm());
        assertEquals(OpenSslSettings.DEFAULT_RANKING, plain.runtime().getEngine(OpenSslEngine.ID).orElseThrow().ranking);
        assertFalse(engine(plain).settings().aesGcm());
    }

    private static OpenSslEngine engine(EngineTlsProvider provider) {
        return (OpenSslEngine) ProviderInternals.core(provider).registry().find(OpenSslEngine.ID).engine();
    }
}
