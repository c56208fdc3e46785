package org.enginetls.pool;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.Set;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.junit.After;
import org.junit.Test;

/**
 * The provider's {@code engine.pool.<key>} settings configure the pool engine of that instance, over the pool's system
 * properties; a key not given still comes from its system property.
 */
public class PoolFactoryTest {

    private PoolEngine pool;

    @After
    public void close() {
        System.clearProperty(PoolSettings.PID + ".threads");
        System.clearProperty(PoolSettings.PID + ".operations");
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    public void providerSettingsGoOverTheSystemProperties() {
        System.setProperty(PoolSettings.PID + ".threads", "1");
        System.setProperty(PoolSettings.PID + ".operations", "sign");

        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", "pool",
                "engine.pool.threads", 2, "engine.pool.ranking", "77"));
        pool = (PoolEngine) ProviderInternals.core(provider).registry().find(PoolEngine.ID).engine();

        assertEquals(77, provider.runtime().getEngine(PoolEngine.ID).orElseThrow().ranking);
        assertEquals(2, pool.settings().threads());
        assertEquals(Set.of(OperationKind.SIGN), pool.settings().operations());
    }
}
