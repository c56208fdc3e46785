package org.enginetls.provider;

import java.io.Serial;
import java.lang.management.ManagementFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.ServiceLoader;

import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.ProviderSettings;
import org.enginetls.provider.impl.engines.ClassPathEngines;
import org.enginetls.provider.impl.jmx.EngineMBeans;
import org.enginetls.provider.impl.keys.EngineKeyStoreSpi;
import org.enginetls.provider.impl.tls.TlsContextSpi;

/**
 * The {@code EngineTLS} security provider: {@code SSLContext} {@code TLS}, {@code TLSv1.2} and
 * {@code TLSv1.3}, with every cryptographic operation of the TLS stack routed to crypto engines, and
 * {@code KeyStore} {@code EngineTLS}: the keys the engines hold ({@link EngineKeyStoreSpi}).
 *
 * <p>On a plain class path, {@code new EngineTlsProvider()} (or a {@code security.provider.N=EngineTLS}
 * line, through {@code META-INF/services/java.security.Provider}) finds engines with
 * {@link ServiceLoader} (an engine that cannot be created is listed as failed, with the reason, and the others
 * work) and adds the built-in software engine unless the system property
 * {@value ProviderSettings#SOFTWARE_ENGINE_PROPERTY} is {@code false}. In OSGi the provider bundle
 * registers an instance itself and tracks engine services.
 *
 * <p>On a plain class path, engine MBeans ({@code org.enginetls:type=Engine,name=<id>}) are registered on the platform
 * MBean server only when the system property {@value #JMX_PROPERTY} is {@code true}: a provider that may be created
 * more than once in a JVM does not claim global names unasked. They then live as long as the JVM. In OSGi the provider
 * bundle always registers them, and unregisters them when it stops.
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

    /** A provider with the engines found on the class path. */
    public EngineTlsProvider() {
        this(classPathCore());
    }

    /** A provider over an existing core (used by the OSGi component, which feeds the registry itself). */
    public EngineTlsProvider(ProviderCore core) {
        super(NAME, "0.1", "EngineTLS: TLS (BouncyCastle JSSE) over pluggable, asynchronous crypto engines");
        this.core = core;
        for (String protocol : PROTOCOLS) {
            putService(new ContextService(this, protocol));
        }
        putService(new KeyStoreService(this));
    }

    private static ProviderCore classPathCore() {
        ProviderCore core = new ProviderCore(ProviderSettings.fromSystemProperties());
        ClassPathEngines.load(EngineTlsProvider.class.getClassLoader(), core.registry());
        if (Boolean.getBoolean(JMX_PROPERTY)) {
            EngineMBeans.open(core.registry(), ManagementFactory.getPlatformMBeanServer());
        }
        return core;
    }

    /** The core this provider runs on. */
    public ProviderCore core() {
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
