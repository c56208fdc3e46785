package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.engine.EngineKey;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.ProviderInternals;
import org.enginetls.testing.EnginePair;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * On a plain class path, the way an application that never sees the engine object uses a token: system
 * properties configure the engine that {@code ServiceLoader} builds, and the {@code EngineTLS} key store
 * of the provider hands its keys to the JDK's key managers.
 */
public class ProviderKeyStoreTest {

    private static SoftHsm.Token token;
    private EngineTlsProvider provider;
    private Pkcs11Engine engine;

    @BeforeClass
    public static void tokenWithKeys() throws Exception {
        token = SoftHsm.create().initToken("provider-keystore");
        SoftHsm.addKeys(token);
    }

    @Before
    public void classPathProvider() {
        Map<String, String> properties = Map.of("library", SoftHsm.LIBRARY, "slot", Long.toString(token.slot()),
                "pin", SoftHsm.PIN);
        properties.forEach((key, value) -> System.setProperty(Pkcs11Settings.PID + "." + key, value));
        try {
            provider = new EngineTlsProvider();
        } finally {
            properties.keySet().forEach(key -> System.clearProperty(Pkcs11Settings.PID + "." + key));
        }
        engine = (Pkcs11Engine) ProviderInternals.core(provider).registry().find(Pkcs11Settings.DEFAULT_ID).engine();
    }

    @After
    public void closeEngine() {
        engine.close();
    }

    @Test
    public void theProvidersKeyStoreListsTheTokensKeysAsHandles() throws Exception {
        KeyStore keys = KeyStore.getInstance("EngineTLS", provider);
        keys.load(null, null);

        List<String> aliases = Collections.list(keys.aliases()).stream().sorted().toList();
        assertEquals(List.of("pkcs11/" + SoftHsm.EC, "pkcs11/" + SoftHsm.RSA), aliases);
        for (String alias : aliases) {
            EngineKey key = (EngineKey) keys.getKey(alias, null);
            assertEquals("pkcs11", key.engineId());
            assertNull("the key never leaves the token", key.getEncoded());
            assertEquals(engine.keyStore().getCertificate(alias.substring("pkcs11/".length())), keys.getCertificate(alias));
        }
    }

    @Test
    public void aServerWithTheJdksKeyManagersOverTheProvidersKeyStoreSignsInTheToken() throws Exception {
        KeyStore keys = KeyStore.getInstance("EngineTLS", provider);
        keys.load(null, null);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509", "SunJSSE");
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLSv1.3", provider);
        context.init(keyManagers.getKeyManagers(), null, null);
        SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        long signaturesBefore = engine.signatures();

        EnginePair pair = new EnginePair(TokenTls.client("TLSv1.3", SoftHsm.EC), server).handshake();

        assertEquals("hello token", pair.roundTrip("hello token"));
        assertEquals(keys.getCertificate("pkcs11/" + SoftHsm.EC), pair.clientSession().getPeerCertificates()[0]);
        assertEquals("one signature by the token", 1, engine.signatures() - signaturesBefore);
    }

    @Test(expected = KeyStoreException.class)
    public void theProvidersKeyStoreIsReadOnly() throws Exception {
        KeyStore keys = KeyStore.getInstance("EngineTLS", provider);
        keys.load(null, null);
        keys.deleteEntry("pkcs11/" + SoftHsm.EC);
    }
}
