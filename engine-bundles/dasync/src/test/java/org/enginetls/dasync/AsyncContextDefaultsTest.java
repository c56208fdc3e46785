package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import javax.net.ssl.SSLContext;

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncSSLContext;
import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.async.AsyncStatus;
import org.enginetls.provider.EngineTlsProvider;
import org.junit.Test;

/** Context-wide async defaults are copied into each engine at creation, like {@code SSL_new}. */
public class AsyncContextDefaultsTest {

    private final EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", false));

    @Test
    public void engineCopiesContextDefaultsAtCreation() throws Exception {
        AsyncSSLContext context = AsyncSSLContext.getInstance("TLSv1.3", provider);
        context.init(null, null, null);
        AsyncCallback callback = (engine, arg) -> true;
        Object arg = new Object();
        context.setAsyncMode(true);
        context.setAsyncCallback(callback);
        context.setAsyncCallbackArg(arg);

        AsyncSSLEngine engine = (AsyncSSLEngine) context.createSSLEngine();

        assertTrue(engine.isAsyncMode());
        assertSame(callback, engine.getAsyncCallback());
        assertSame(arg, engine.getAsyncCallbackArg());
        assertEquals(AsyncStatus.UNSUPPORTED, engine.getAsyncStatus());
        assertFalse(engine.isWaitingForAsync());
        assertTrue(engine.asyncReady().toCompletableFuture().isDone());
    }

    @Test
    public void laterContextChangesLeaveExistingEnginesAlone() throws Exception {
        AsyncSSLContext context = AsyncSSLContext.getInstance("TLS", provider);
        context.init(null, null, null);
        context.setAsyncMode(true);
        AsyncSSLEngine before = (AsyncSSLEngine) context.createSSLEngine();

        AsyncCallback later = (engine, arg) -> true;
        context.setAsyncMode(false);
        context.setAsyncCallback(later);
        AsyncSSLEngine after = (AsyncSSLEngine) context.createSSLEngine("localhost", 443);

        assertTrue(before.isAsyncMode());
        assertNull(before.getAsyncCallback());
        assertFalse(after.isAsyncMode());
        assertSame(later, after.getAsyncCallback());
    }

    @Test
    public void enginesOfAPlainContextAreAsyncCapableWithAsyncModeOff() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.2", provider);
        context.init(null, null, null);

        AsyncSSLEngine engine = (AsyncSSLEngine) context.createSSLEngine();

        assertFalse(engine.isAsyncMode());
        assertNull(engine.getAsyncCallback());
        engine.setAsyncMode(true);
        assertTrue(engine.isAsyncMode());
    }
}
