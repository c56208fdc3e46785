package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.runtime.EngineDTO;
import org.junit.After;
import org.junit.Test;

/**
 * The provider's {@code engine.pkcs11.<key>} settings configure the pkcs11 engine of that instance: its id and ranking
 * are theirs even while the token they name cannot be opened.
 */
public class Pkcs11FactoryTest {

    private Pkcs11Engine engine;

    @After
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    public void providerSettingsConfigureTheEngineOfThisInstance() {
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", "pkcs11",
                "engine.pkcs11.library", SoftHsm.LIBRARY, "engine.pkcs11.token.label", "no-such-token",
                "engine.pkcs11.id", "web", "engine.pkcs11.ranking", "150", "engine.pkcs11.threads", "1"));
        engine = (Pkcs11Engine) ProviderInternals.core(provider).registry().find("web").engine();

        EngineDTO web = provider.runtime().getEngine("web").orElseThrow();
        assertEquals(150, web.ranking);
        assertEquals("no-such-token", engine.settings().tokenLabel());
        assertEquals(1, engine.settings().threads());
    }
}
