package org.enginetls.openssl;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.enginetls.engine.CryptoEngine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers an {@link OpenSslEngine} as a {@link CryptoEngine} service, configured through
 * Configuration Admin (optional: the defaults load {@code libcrypto.so.3}). The service is registered
 * by hand so that the configured {@code ranking} becomes its {@code service.ranking}. An engine whose
 * library cannot be used is registered all the same: it reports itself failed with the reason, which
 * the provider's status shows.
 */
@Component(configurationPid = OpenSslSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = OpenSslComponent.Config.class)
public final class OpenSslComponent {

    @ObjectClassDefinition(name = "EngineTLS OpenSSL engine",
            description = "Signatures, key agreement, key generation and record ciphers by the machine's OpenSSL 3 libcrypto"
                    + " (through Java's Foreign Function API; the JVM should run with --enable-native-access=ALL-UNNAMED)")
    @interface Config {
        @AttributeDefinition(name = "library",
                description = "libcrypto to load: a file name the dynamic loader finds, or a path")
        String library() default OpenSslSettings.DEFAULT_LIBRARY;

        @AttributeDefinition(name = "ranking", description = "Service ranking (the software engine is below all)")
        int ranking() default OpenSslSettings.DEFAULT_RANKING;

        @AttributeDefinition(name = "aesGcm", description = "Declare the AES-GCM record cipher; off by default because"
                + " the JDK's AES-GCM (which the software engine uses) measured faster than OpenSSL 3.0's on AVX-512 CPUs")
        boolean aesGcm() default false;
    }

    private final ServiceRegistration<CryptoEngine> registration;

    @Activate
    public OpenSslComponent(BundleContext context, Map<String, Object> properties) {
        OpenSslEngine engine = new OpenSslEngine(OpenSslSettings.from(properties));
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(Constants.SERVICE_RANKING, engine.ranking());
        serviceProperties.put("engine.id", OpenSslEngine.ID);
        serviceProperties.put("openssl.library", engine.settings().library());
        registration = context.registerService(CryptoEngine.class, engine, serviceProperties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it while stopping the bundle
        }
    }
}
