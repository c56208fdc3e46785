package org.enginetls.provider;

import java.io.Serial;
import java.lang.management.ManagementFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.impl.ClassPathSettings;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.engines.ClassPathEngines;
import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.impl.jmx.EngineMBeans;
import org.enginetls.provider.impl.keys.EngineKeyStoreSpi;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.impl.tls.TlsContextSpi;
import org.enginetls.runtime.EngineRuntime;
import org.enginetls.runtime.EngineState;

/**
 * The {@code EngineTLS} security provider: {@code SSLContext} {@code TLS}, {@code TLSv1.2} and
 * {@code TLSv1.3}, with every cryptographic operation of the TLS stack routed to crypto engines, and
 * {@code KeyStore} {@code EngineTLS}: the keys the engines hold ({@link EngineKeyStoreSpi}).
 *
 * <p><b>On a plain class path</b> this class is the front door. {@code new EngineTlsProvider()} (or a
 * {@code security.provider.N=EngineTLS} line, through {@code META-INF/services/java.security.Provider}) reads its
 * settings from the system properties {@code org.enginetls.provider.<key>};
 * {@link #EngineTlsProvider(Map) new EngineTlsProvider(configuration)} takes the same keys from a map instead, so that
 * several differently configured instances can live in one JVM. The keys ({@code docs/configuration.md}):
 * <ul>
 * <li>{@code softwareEngine} ({@code true}): the built-in software engine takes what no other engine takes; without
 * it EngineTLS fails closed when no engine can do an operation;
 * <li>{@code delegatedTasks} ({@code true}): outside async mode, handshake work that waits for an engine is offered
 * as JSSE delegated tasks ({@code NEED_TASK}); {@code false} runs it inside {@code wrap}/{@code unwrap};
 * <li>{@code operationTimeoutMillis} ({@code 5000}), {@code drainTimeoutMillis} ({@code 2000}),
 * {@code healthPollMillis} ({@code 1000}),
 * {@code enginePreference} (engine ids, comma-separated: these first, in this order, then by ranking);
 * <li>{@code classPathEngines} ({@code true}): which engines found on the class path are added: {@code true} every
 * one, {@code false} none, or a comma-separated list of engine ids ({@code "openssl,pool"}). Engine bundles list an
 * {@link org.enginetls.engine.EngineFactory} in {@code META-INF/services/org.enginetls.engine.EngineFactory}, which
 * makes an engine for this instance; an engine listed directly in
 * {@code META-INF/services/org.enginetls.engine.CryptoEngine} is added only with {@code true}. An id no factory has,
 * or an engine that cannot be created, is listed as failed, with the reason, and the others work;
 * <li>{@code engine.<id>.<key>}: a setting of the engine {@code <id>} for this instance
 * ({@code "engine.openssl.aesGcm", "true"}). A key not given here is read from the engine's system property
 * {@code org.enginetls.engine.<id>.<key>}, as engines on a class path always did;
 * <li>{@code jmx} ({@code false}): register engine MBeans ({@code org.enginetls:type=Engine,name=<id>}) on the
 * platform MBean server. A provider that may be created more than once in a JVM does not claim global names
 * unasked; once registered they live as long as the JVM.
 * </ul>
 * A value that is not allowed, or a key that is not one of these, is logged once and its default used: a bad setting
 * never takes the provider down. An engine the application makes itself (with settings of its own) joins with
 * {@link #addEngine} and leaves with {@link #removeEngine}, at any time, while connections run; {@link #runtime()}
 * reports the status of every engine. Async mode and its callback are set on the contexts and engines
 * ({@link org.enginetls.async.AsyncSSLContext}, {@link org.enginetls.async.AsyncSSLEngine}).
 *
 * <p><b>In OSGi</b> the provider bundle registers an instance itself, configured by Configuration Admin (PID
 * {@code org.enginetls.provider}, the same keys but the two class-path ones), tracks {@code CryptoEngine} services,
 * publishes an {@code EngineRuntime} service and always registers the MBeans, unregistering them when it stops.
 *
 * <p>It registers neither {@code SSLContext.Default} nor {@code SecureRandom}: installing it never
 * changes what other code in the JVM gets by default.
 */
public final class EngineTlsProvider extends Provider {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The provider name, as in {@code SSLContext.getInstance("TLSv1.3", "EngineTLS")}. */
    public static final String NAME = "EngineTLS";

    /** System property that registers engine MBeans for providers created on a plain class path. */
    public static final String JMX_PROPERTY = "org.enginetls.provider.jmx";

    private static final String[] PROTOCOLS = {"TLS", "TLSv1.2", "TLSv1.3"};

    private final transient ProviderCore core;
    private final transient EngineRuntime runtime;

    /**
     * A provider configured by the system properties {@code org.enginetls.provider.<key>}, with the engines found on the
     * class path (unless {@code org.enginetls.provider.classPathEngines} is {@code false}).
     */
    public EngineTlsProvider() {
        this(classPathCore(ClassPathSettings.fromSystemProperties()));
    }

    /**
     * A provider configured by {@code configuration}: the keys listed above, without the system properties' prefix
     * (values are strings or of the key's type: {@code Map.of("softwareEngine", false, "classPathEngines", "false")}).
     * System properties of the provider are not read; absent keys have their defaults.
     */
    public EngineTlsProvider(Map<String, ?> configuration) {
        this(classPathCore(ClassPathSettings.from(configuration)));
    }

    /**
     * A provider over a core that its maker feeds with engines: the OSGi component's constructor. {@link ProviderCore}
     * is not API (its package is not exported); on a class path use the other constructors.
     */
    public EngineTlsProvider(ProviderCore core) {
        super(NAME, "0.1", "EngineTLS: TLS (BouncyCastle JSSE) over pluggable, asynchronous crypto engines");
        this.core = core;
        this.runtime = new RegistryRuntime(core.registry());
        for (String protocol : PROTOCOLS) {
            putService(new ContextService(this, protocol));
        }
        putService(new KeyStoreService(this));
    }

    private static ProviderCore classPathCore(ClassPathSettings settings) {
        ProviderCore core = new ProviderCore(settings.provider());
        if (settings.classPathEngines()) {
            ClassPathEngines.load(EngineTlsProvider.class.getClassLoader(), core.registry(), settings.engineIds(),
                    settings.engineSettings(), ClassPathSettings::logRejected);
        }
        if (settings.jmx()) {
            EngineMBeans.open(core.registry(), ManagementFactory.getPlatformMBeanServer());
        }
        return core;
    }

    /**
     * Adds an engine the application made: it takes new work at once, ranked by its {@link CryptoEngine#ranking()}
     * (and the {@code enginePreference} setting), unless its health says it cannot work, in which case it is listed
     * as failed with the reason. The provider never closes it.
     *
     * @throws IllegalArgumentException if this engine (the same instance) is already listed and not leaving
     */
    public void addEngine(CryptoEngine engine) {
        Objects.requireNonNull(engine, "engine");
        for (RegisteredEngine listed : core.registry().engines()) {
            if (listed.engine() == engine && listed.state() != EngineState.RETIRING) {
                throw new IllegalArgumentException("the engine '" + engine.id() + "' is already added");
            }
        }
        core.registry().add(engine, engine.ranking(), EngineOrigin.CLASS_PATH);
    }

    /**
     * Lets an engine added with {@link #addEngine} (or found on the class path) go: it takes no new work from now on,
     * and the operations it has in flight complete or fail over to another engine within the drain timeout. Close the
     * engine afterwards, as its OSGi bundle would when it stops.
     *
     * @return whether the engine was listed
     */
    public boolean removeEngine(CryptoEngine engine) {
        return core.registry().remove(Objects.requireNonNull(engine, "engine")) != null;
    }

    /** The status of this provider's engines: the same snapshots the OSGi {@code EngineRuntime} service gives. */
    public EngineRuntime runtime() {
        return runtime;
    }

    /** The core this provider runs on: for the OSGi component and this module's tests, never an application. */
    ProviderCore core() {
        return core;
    }

    /** Creates contexts without naming a class, so no class loader outside this bundle is ever asked. */
    private static final class ContextService extends Service {

        ContextService(EngineTlsProvider provider, String protocol) {
            super(provider, "SSLContext", protocol, TlsContextSpi.class.getName(), null, null);
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new NoSuchAlgorithmException("SSLContext takes no constructor parameter");
            }
            return new TlsContextSpi(((EngineTlsProvider) getProvider()).core, getAlgorithm());
        }
    }

    /** The key store of the engines' keys, made the same way. */
    private static final class KeyStoreService extends Service {

        KeyStoreService(EngineTlsProvider provider) {
            super(provider, "KeyStore", EngineKeyStoreSpi.TYPE, EngineKeyStoreSpi.class.getName(), null, null);
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new NoSuchAlgorithmException("KeyStore takes no constructor parameter");
            }
            return new EngineKeyStoreSpi(((EngineTlsProvider) getProvider()).core.registry());
        }
    }
}
