package org.enginetls.provider.keys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.KeyStoreException;

import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.Credential;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.Test;

/**
 * The provider's {@code EngineTLS} key store without a key-holding engine (the PKCS#11 engine's tests
 * cover the keys of a real token): empty, read-only, and loaded from the engines, never from a stream.
 */
public class EngineKeyStoreTest {

    private static KeyStore loaded() throws Exception {
        KeyStore keys = KeyStore.getInstance("EngineTLS", TlsPeers.withSoftwareEngine().provider());
        keys.load(null, null);
        return keys;
    }

    @Test
    public void enginesWithoutKeysGiveAnEmptyStore() throws Exception {
        KeyStore keys = loaded();

        assertEquals(0, keys.size());
        assertFalse(keys.aliases().hasMoreElements());
    }

    @Test
    public void nothingCanBePutIntoIt() throws Exception {
        KeyStore keys = loaded();
        Credential credential = TestPki.leaf(KeyType.EC_P256);

        KeyStoreException refused = assertThrows(KeyStoreException.class,
                () -> keys.setKeyEntry("mine", credential.key(), TestPki.PASSWORD, credential.chain()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("read-only"));
        assertThrows(KeyStoreException.class, () -> keys.setCertificateEntry("ca", credential.chain()[0]));
    }

    @Test
    public void itIsNotLoadedFromAStream() throws Exception {
        KeyStore keys = KeyStore.getInstance("EngineTLS", TlsPeers.withSoftwareEngine().provider());

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> keys.load(new ByteArrayInputStream(new byte[0]), null));
        assertTrue(refused.getMessage(), refused.getMessage().contains("load(null, null)"));
    }
}
