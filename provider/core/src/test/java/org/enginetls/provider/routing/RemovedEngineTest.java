package org.enginetls.provider.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

import javax.net.ssl.SSLContext;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.testing.EnginePair;
import org.junit.Test;

/**
 * An engine removed from the registry is let go: connections it served keep working on the next
 * engine, and nothing they hold keeps the engine (in OSGi: its bundle's class loader) reachable.
 */
public class RemovedEngineTest {

    private static final int COLLECTIONS = 50;

    /** An open connection and the engine that made its record ciphers, watched weakly. */
    private record Served(EnginePair connection, WeakReference<CountingEngine> engine) {
    }

    @Test
    public void removedEngineIsNotKeptReachableByTheRecordCiphersOfAnIdleOpenConnection() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        ReferenceQueue<CountingEngine> queue = new ReferenceQueue<>();
        Served served = handshakeOnEngineThenRemoveIt(peers, queue);

        assertTrue("the removed engine is still reachable", collected(served.engine(), queue));
        // the connection stayed idle until now: its next records move to the software engine
        assertEquals("after", served.connection().roundTrip("after"));
        Reference.reachabilityFence(served);
    }

    /** Kept out of the test method's frame, so that only the connection and the weak reference outlive it. */
    private static Served handshakeOnEngineThenRemoveIt(TlsPeers peers, ReferenceQueue<CountingEngine> queue)
            throws Exception {
        EngineRegistry registry = peers.core().registry();
        CountingEngine engine = CountingEngine.overSoftware("leaving");
        registry.add(engine, 100, EngineOrigin.CLASS_PATH);
        SSLContext server = peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256));
        EnginePair connection = TlsPeers.pair(peers.client("TLSv1.3"), server).handshake();
        assertEquals("before", connection.roundTrip("before"));
        assertTrue("the record ciphers came from the engine", engine.count(OperationKind.CIPHER) > 0);
        registry.remove(engine);
        return new Served(connection, new WeakReference<>(engine, queue));
    }

    /** Collects in a bounded loop until {@code reference} is cleared. */
    private static boolean collected(WeakReference<?> reference, ReferenceQueue<?> queue) throws InterruptedException {
        for (int i = 0; i < COLLECTIONS && !reference.refersTo(null); i++) {
            System.gc();
            if (queue.remove(100) != null) {
                return true;
            }
        }
        return reference.refersTo(null);
    }
}
