package org.enginetls.provider.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.crypto.RouterSettings;
import org.enginetls.testing.AsyncEnginePair;
import org.enginetls.testing.EnginePair;

/**
 * The three ways an application can drive an EngineTLS handshake, each with the provider settings it
 * needs and the evidence that a handshake really went that way.
 */
public enum HandshakeMode {

    /** Delegated tasks off, no async mode: the work runs inside wrap/unwrap, the router blocking on the engine. */
    SYNCHRONOUS(false) {
        @Override
        public DrivenHandshake handshake(EnginePair engines) throws Exception {
            return new Driven(engines.handshake(), () -> assertEquals("no delegated task in synchronous mode", 0,
                    engines.delegatedTasksRun()));
        }
    },

    /** The default outside async mode: NEED_TASK, and the caller runs what getDelegatedTask hands out. */
    DELEGATED_TASKS(true) {
        @Override
        public DrivenHandshake handshake(EnginePair engines) throws Exception {
            return new Driven(engines.handshake(), () -> assertTrue("the work came as delegated tasks",
                    engines.delegatedTasksRun() > 0));
        }
    },

    /** Async mode: jobs pause on the engine, and its callbacks wake the driving loop. */
    ASYNC(true) {
        @Override
        public DrivenHandshake handshake(EnginePair engines) throws Exception {
            AsyncEnginePair pair = new AsyncEnginePair(engines.client(), engines.server()).handshake();
            return new DrivenHandshake() {
                @Override
                public String roundTrip(String text) throws Exception {
                    return pair.roundTrip(text);
                }

                @Override
                public SSLSession clientSession() {
                    return pair.client().getSession();
                }

                @Override
                public SSLSession serverSession() {
                    return pair.server().getSession();
                }

                @Override
                public void assertWentThisWay() {
                    assertTrue("jobs paused on the engine", pair.pauses() > 0);
                    assertTrue("callbacks woke the loop", pair.callbacks() > 0);
                    for (SSLEngine engine : new SSLEngine[] {pair.client(), pair.server()}) {
                        assertFalse("no job left waiting", ((AsyncSSLEngine) engine).isWaitingForAsync());
                    }
                }
            };
        }
    };

    /** A handshake that has completed, and what a test can ask of it afterwards. */
    public interface DrivenHandshake {
        String roundTrip(String text) throws Exception;

        SSLSession clientSession();

        SSLSession serverSession();

        /** Fails unless the handshake was driven the way its mode promises. */
        void assertWentThisWay();
    }

    private final boolean delegatedTasks;

    HandshakeMode(boolean delegatedTasks) {
        this.delegatedTasks = delegatedTasks;
    }

    /** The provider settings of this mode, with the software engine behind any other engine. */
    public ProviderSettings settings() {
        return new ProviderSettings(true, delegatedTasks, ProviderSettings.DEFAULT_MAX_JOBS, RouterSettings.DEFAULTS);
    }

    /** Runs the handshake of {@code engines} to completion in this mode. */
    public abstract DrivenHandshake handshake(EnginePair engines) throws Exception;

    /** An {@link EnginePair} that has shaken hands, with the check its mode asks for. */
    private record Driven(EnginePair pair, Runnable check) implements DrivenHandshake {
        @Override
        public String roundTrip(String text) throws Exception {
            return pair.roundTrip(text);
        }

        @Override
        public SSLSession clientSession() {
            return pair.clientSession();
        }

        @Override
        public SSLSession serverSession() {
            return pair.serverSession();
        }

        @Override
        public void assertWentThisWay() {
            check.run();
        }
    }
}
