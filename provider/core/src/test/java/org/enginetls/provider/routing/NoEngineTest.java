package org.enginetls.provider.routing;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;


import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.Test;

/**
 * With the software engine disabled and no engine installed, TLS fails closed and says which
 * algorithm had no engine.
 *
 * <p>Today the failure comes from {@code SSLContext.init}, as BCJSSE's unchecked
 * {@code IllegalStateException("unable to create JcaTlsCrypto: no such algorithm: SHA-512 ...")},
 * not as an {@code SSLException} from the handshake: BCJSSE builds its crypto at init and does not
 * translate that failure. The test pins what matters (no context, the missing algorithm named).
 */
public class NoEngineTest {

    private static String causeChain(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.toString());
        }
        return String.join(" <- ", messages);
    }

    @Test
    public void contextWithoutAnyEngineFailsNamingTheMissingAlgorithm() throws Exception {
        TlsPeers noEngines = new TlsPeers(new EngineTlsProvider(
                new ProviderCore(new ProviderSettings(false, RouterSettings.DEFAULTS))));

        Exception failure = assertThrows(Exception.class, () -> noEngines.client("TLSv1.3"));

        String chain = causeChain(failure);
        assertTrue(chain, chain.contains("no such algorithm: SHA-512") || chain.contains("no active engine offers"));
    }
}
