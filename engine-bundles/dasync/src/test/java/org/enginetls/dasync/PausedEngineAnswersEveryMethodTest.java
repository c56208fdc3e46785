package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.provider.testing.AsyncServerFixture;
import org.junit.After;
import org.junit.Test;

/**
 * Every public method of the engine and of the sessions it hands out answers while the engine's
 * async job waits for a crypto engine. The job holds BCJSSE's lock until it is resumed, and the
 * thread that would resume it is typically the one asking &mdash; an event loop sizing its buffers
 * from {@code getSession().getPacketBufferSize()}, as Netty's {@code SslHandler} does &mdash; so a
 * method that reaches BCJSSE then never returns.
 */
public class PausedEngineAnswersEveryMethodTest {

    private final ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService eventLoop = Executors.newSingleThreadExecutor();

    @After
    public void stop() throws InterruptedException {
        askers.shutdownNow();
        eventLoop.shutdownNow();
        assertTrue(eventLoop.awaitTermination(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    public void everyPublicMethodOfTheEngineAnswersWhileAJobWaits() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());

        Map<String, CompletableFuture<Object>> answers = new LinkedHashMap<>();
        for (Method method : publicMethods(f.server.getClass())) {
            if (!method.getName().startsWith("close")) {
                answers.put(method.toGenericString(), ask(f.server, method, arguments(f, method)));
            }
        }
        assertAllAnswered(answers);
        assertTrue("still waiting: nothing asked resumed the job past the engine", f.async.isWaitingForAsync());

        gate.releaseOne();
        f.awaitNotification();
        f.completeHandshake(gate::releaseAll);
        assertEquals(0, f.core.jobs().liveJobs());
    }

    @Test
    public void everyPublicMethodOfItsSessionsAnswersWhileAJobWaits() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());

        Map<String, CompletableFuture<Object>> answers = new LinkedHashMap<>();
        List<SSLSession> sessions = new ArrayList<>();
        sessions.add(answer(askers.submit(f.server::getSession)));
        SSLSession handshakeSession = answer(askers.submit(f.server::getHandshakeSession));
        if (handshakeSession != null) {
            sessions.add(handshakeSession);
        }
        for (SSLSession session : sessions) {
            for (Method method : publicMethods(session.getClass())) {
                if (!method.getName().equals("invalidate")) {
                    answers.put(session.getClass().getSimpleName() + " " + method.toGenericString(),
                            ask(session, method, arguments(f, method)));
                }
            }
        }
        assertAllAnswered(answers);

        gate.releaseOne();
        f.awaitNotification();
        f.completeHandshake(gate::releaseAll);
    }

    @Test
    public void closingAnswersWhileAJobWaits() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        f.deliverClientHello();
        assertTrue(f.async.isWaitingForAsync());

        CompletableFuture<Object> closed = ask(f.server, SSLEngine.class.getMethod("closeOutbound"));

        answer(closed);
        assertFalse(f.async.isWaitingForAsync());
        assertTrue(f.server.isOutboundDone() || f.server.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
        gate.releaseAll();
    }

    /**
     * An event loop that sizes its buffers from the session before every call, and whose async
     * callback schedules the resume on that same loop: before getSession() answered while a job
     * waited, the loop blocked on it and never ran the resume.
     */
    @Test
    public void eventLoopSizingBuffersFromTheSessionCompletesTheHandshake() throws Exception {
        GatedEngine gate = new GatedEngine(0);
        AsyncServerFixture f = new AsyncServerFixture(gate, RouterSettings.DEFAULTS);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        Runnable step = () -> {
            try {
                ByteBuffer out = ByteBuffer.allocate(f.server.getSession().getPacketBufferSize());
                SSLEngineResult result = f.server.wrap(ByteBuffer.allocate(0), out);
                toClient.put(out.flip());
                if (!f.async.isWaitingForAsync() && result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    finished.complete(null);
                }
            } catch (Exception | Error e) {
                finished.completeExceptionally(e);
            }
        };
        f.async.setAsyncCallback((engine, arg) -> {
            eventLoop.execute(step);
            return true;
        });
        eventLoop.submit(() -> {
            f.server.getSession().getApplicationBufferSize();
            return f.deliverClientHello();
        }).get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(f.async.isWaitingForAsync());
        // the loop asks the session while the job still waits: that must not block the loop
        eventLoop.submit(() -> f.server.getSession().getPacketBufferSize()).get(AsyncServerFixture.WAIT_SECONDS,
                TimeUnit.SECONDS);

        gate.releaseAll();

        finished.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue("the server's flight was written", toClient.position() > 0);
    }

    private CompletableFuture<Object> ask(Object target, Method method, Object... arguments) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                // an exception is an answer too (a setter refusing while the job waits, a peer not yet verified)
                return e.getCause();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }, askers);
    }

    private static <T> T answer(java.util.concurrent.Future<T> future) throws Exception {
        return future.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void assertAllAnswered(Map<String, CompletableFuture<Object>> answers) throws Exception {
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new));
        try {
            all.get(AsyncServerFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            List<String> blocked = new ArrayList<>();
            answers.forEach((name, answer) -> {
                if (!answer.isDone()) {
                    blocked.add(name);
                }
            });
            fail("blocked while the job waits: " + blocked);
        }
        answers.forEach((name, answer) -> {
            Object value = answer.join();
            // a setter refuses while the job waits; ExtendedSSLSession's defaults say what a session does not support
            if (value instanceof RuntimeException e && !(e instanceof IllegalStateException)
                    && !(e instanceof UnsupportedOperationException)) {
                throw new AssertionError(name + " threw " + e, e);
            }
        });
    }

    /** The public instance methods callable through the public types the class implements. */
    private static List<Method> publicMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Class<?> api : List.of(SSLEngine.class, AsyncSSLEngine.class, SSLSession.class,
                javax.net.ssl.ExtendedSSLSession.class, Object.class)) {
            if (!api.isAssignableFrom(type)) {
                continue;
            }
            for (Method method : api.getMethods()) {
                if (!Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class
                        && !method.getName().equals("wait") && !method.getName().startsWith("notify")) {
                    methods.add(method);
                }
            }
        }
        return methods;
    }

    /** Arguments that keep the engine as it is: its own current values, empty buffers, the fixture's callback. */
    private static Object[] arguments(AsyncServerFixture f, Method method) {
        Class<?>[] types = method.getParameterTypes();
        Object[] arguments = new Object[types.length];
        boolean offsetGiven = false;
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            // the source (first) buffers are empty, the destination buffers have room
            if (type == ByteBuffer.class) {
                arguments[i] = ByteBuffer.allocate(i == 0 ? 0 : 1 << 17);
            } else if (type == ByteBuffer[].class) {
                arguments[i] = new ByteBuffer[] {ByteBuffer.allocate(i == 0 ? 0 : 1 << 17)};
            } else if (type == int.class) {
                arguments[i] = offsetGiven ? 1 : 0;
                offsetGiven = true;
            } else if (type == Object.class) {
                arguments[i] = "value";
            } else if (type == boolean.class) {
                arguments[i] = method.getName().equals("setAsyncMode");
            } else if (type == String[].class) {
                arguments[i] = new String[0];
            } else if (type == SSLParameters.class) {
                arguments[i] = new SSLParameters();
            } else if (type == org.enginetls.async.AsyncCallback.class) {
                arguments[i] = f.recordingCallback;
            } else if (type == String.class) {
                arguments[i] = "name";
            }
        }
        return arguments;
    }
}
