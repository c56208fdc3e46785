package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.Set;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.junit.After;
import org.junit.Test;

/** The provider's {@code engine.dasync.<key>} settings configure the dasync engine of that instance. */
public class DasyncFactoryTest {

    private DasyncEngine dasync;

    @After
    public void close() {
        if (dasync != null) {
            dasync.close();
        }
    }

    @Test
    public void providerSettingsConfigureTheEngineOfThisInstance() {
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", "dasync",
                "engine.dasync.latency.ms", "0", "engine.dasync.operations", "sign", "engine.dasync.ranking", 77));
        dasync = (DasyncEngine) ProviderInternals.core(provider).registry().find(DasyncEngine.ID).engine();

        assertEquals(77, provider.runtime().getEngine(DasyncEngine.ID).orElseThrow().ranking);
        assertEquals(0, dasync.settings().latencyMillis());
        assertEquals(Set.of(OperationKind.SIGN), dasync.settings().operations());
    }
}
