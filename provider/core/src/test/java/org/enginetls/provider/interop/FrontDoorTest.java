package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.KeyManagementException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.LogCapture;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.Rule;
import org.junit.Test;

/**
 * What an application on a plain class path does through {@link EngineTlsProvider} alone: configure an instance with
 * a map, add and remove an engine it made, read the engines' status.
 */
public class FrontDoorTest {

    @Rule
    public final LogCapture log = new LogCapture(ProviderSettings.class.getName());

    @Test
    public void engineAddedByTheApplicationSignsUntilItIsRemoved() throws Exception {
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", "false"));
        CountingEngine counting = CountingEngine.overSoftware("counting");
        TlsPeers peers = new TlsPeers(provider);

        provider.addEngine(counting);
        TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256))).handshake();
        long signedWhileAdded = counting.count(OperationKind.SIGN);
        assertEquals(EngineState.ACTIVE, provider.runtime().getEngine("counting").orElseThrow().state);

        assertTrue(provider.removeEngine(counting));
        TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256))).handshake();

        assertTrue("the added engine signed the server's CertificateVerify", signedWhileAdded > 0);
        assertEquals("after its removal the software engine signs", signedWhileAdded, counting.count(OperationKind.SIGN));
        assertEquals(List.of("software"), ids(provider));
        assertFalse("an engine is removed once", provider.removeEngine(counting));
    }

    @Test
    public void sameEngineIsAddedOnce() throws Exception {
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", false));
        CountingEngine counting = CountingEngine.overSoftware("counting");
        provider.addEngine(counting);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> provider.addEngine(counting));

        assertEquals("the engine 'counting' is already added", refused.getMessage());
        assertEquals(List.of("counting", "software"), ids(provider));
    }

    @Test
    public void mapSettingsConfigureTheInstanceWithoutTheSoftwareEngine() throws Exception {
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("softwareEngine", false, "classPathEngines", false));
        TlsPeers peers = new TlsPeers(provider);

        assertEquals(List.of(), ids(provider));
        // without an engine a context cannot even be made (see NoEngineTest): EngineTLS fails closed
        assertThrows(KeyManagementException.class, () -> peers.client("TLSv1.3"));
        assertEquals(List.of(), log.messages(Level.INFO));
    }

    @Test
    public void healthPollMillisIsASettingOfTheMapAndNotLoggedAsUnknown() {
        new EngineTlsProvider(Map.of("healthPollMillis", 500, "classPathEngines", false));

        assertEquals(List.of(), log.messages(Level.INFO));
    }

    @Test
    public void unknownKeyAndBadValueAreLoggedAndTheDefaultsServe() {
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("softwareEngin", "false", "jmx", "no"));

        assertEquals("the software engine stays: the misspelt key changed nothing", "software", ids(provider).getLast());
        assertEquals(List.of(
                "EngineTLS ignores a setting and uses its default: 'softwareEngin' is not a setting of EngineTLS; the"
                        + " settings are [classPathEngines, delegatedTasks, drainTimeoutMillis, enginePreference,"
                        + " healthPollMillis, jmx,"
                        + " operationTimeoutMillis, softwareEngine] and engine.<id>.<key>",
                "EngineTLS ignores a setting and uses its default: 'jmx' of configuration"
                        + " org.enginetls.provider = 'no' is not allowed: true or false"), log.messages(Level.INFO));
    }

    private static List<String> ids(EngineTlsProvider provider) {
        return provider.runtime().getEngines().stream().map((EngineDTO engine) -> engine.id).toList();
    }
}
