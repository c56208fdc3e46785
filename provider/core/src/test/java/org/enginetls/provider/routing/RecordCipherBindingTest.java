package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.Key;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.SecretKey;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.DelegatingEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;

/**
 * A connection's record cipher is chosen once per traffic key: the records that follow go to the
 * engine's cipher without asking the router or the engine again.
 */
public class RecordCipherBindingTest {

    private static final int ROUND_TRIPS = 20;

    /** Counts the secret keys it is asked to accept: each is one record cipher (re)bound to it. */
    private static final class KeyCountingEngine extends DelegatingEngine {
        final AtomicLong secretKeysAsked = new AtomicLong();

        KeyCountingEngine(CountingEngine delegate) {
            super("record-keys", delegate);
        }

        @Override
        public boolean accepts(Key key) {
            if (key instanceof SecretKey) {
                secretKeysAsked.incrementAndGet();
            }
            return super.accepts(key);
        }
    }

    @Test
    public void recordsAfterTheHandshakeAskTheEngineAboutNoKey() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        CountingEngine counting = CountingEngine.overSoftware("counting");
        KeyCountingEngine engine = new KeyCountingEngine(counting);
        peers.core().registry().add(engine, 100, EngineOrigin.CLASS_PATH);
        EnginePair pair = TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256)))
                .handshake();
        // the first exchange also carries the server's session ticket
        assertEquals("first", pair.roundTrip("first"));
        long asked = engine.secretKeysAsked.get();
        long ciphers = counting.count(OperationKind.CIPHER);
        assertTrue("the record ciphers came from the engine", ciphers > 0);

        String text = "x".repeat(20_000);
        for (int i = 0; i < ROUND_TRIPS; i++) {
            assertEquals(text, pair.roundTrip(text));
        }

        assertEquals("keys the engine was asked to accept during " + ROUND_TRIPS * 4 + " records of one traffic key",
                asked, engine.secretKeysAsked.get());
        assertEquals("record ciphers created", ciphers, counting.count(OperationKind.CIPHER));
    }
}
