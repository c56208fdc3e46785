package org.enginetls.pkcs11;

import java.security.KeyStore;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.FailedEngine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers a {@link Pkcs11Engine} as a {@link CryptoEngine} service and its token's keys as a
 * {@link KeyStore} service (properties {@code engine.id} and {@code keystore.type}), configured through
 * Configuration Admin. The configuration is required: without a library and PIN there is no token.
 * A configuration change replaces the engine; keys already handed out keep working when the new
 * engine has the same id and the token the same aliases.
 */
@Component(configurationPid = Pkcs11Settings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = Pkcs11Component.Config.class)
public final class Pkcs11Component {

    @ObjectClassDefinition(name = "EngineTLS PKCS#11 engine",
            description = "Signs with private keys that stay inside a PKCS#11 token (HSM, smart card, SoftHSM2)")
    @interface Config {
        @AttributeDefinition(name = "library", description = "Path of the token's PKCS#11 module")
        String library();

        @AttributeDefinition(name = "token.label", description = "Label of the token (or set slot or slot.index)", required = false)
        String token_label();

        @AttributeDefinition(name = "slot", description = "PKCS#11 slot id", required = false)
        String slot();

        @AttributeDefinition(name = "slot.index", description = "Index among the slots with a token (default 0)", required = false)
        String slot_index();

        @AttributeDefinition(name = "pin", description = "The token's user PIN (or set pin.file or pin.env)",
                type = AttributeType.PASSWORD, required = false)
        String pin();

        @AttributeDefinition(name = "pin.file", description = "A file holding the user PIN on one line", required = false)
        String pin_file();

        @AttributeDefinition(name = "pin.env", description = "An environment variable holding the user PIN", required = false)
        String pin_env();

        @AttributeDefinition(name = "threads", description = "Threads that make PKCS#11 calls")
        int threads() default 2;

        @AttributeDefinition(name = "queue.size", description = "Operations that may wait for a thread; more answer busy")
        int queue_size() default 64;

        @AttributeDefinition(name = "retry.ms", description = "Least time between attempts to reopen a failed token (0 = on every use, no timer)")
        long retry_ms() default 5000;

        @AttributeDefinition(name = "ranking", description = "Service ranking (the software engine is below all)")
        int ranking() default Pkcs11Settings.DEFAULT_RANKING;

        @AttributeDefinition(name = "id", description = "Engine id; the token's keys carry it")
        String id() default Pkcs11Settings.DEFAULT_ID;
    }

    /** {@code null} when the configuration was rejected. */
    private final Pkcs11Engine engine;
    private final ServiceRegistration<CryptoEngine> engineRegistration;
    /** {@code null} when the configuration was rejected. */
    private final ServiceRegistration<KeyStore> keyStoreRegistration;

    /**
     * Registers the engine and its key store, or, when a setting is not allowed, a {@link FailedEngine} with the
     * message, so that EngineTLS lists the engine as failed with the reason.
     */
    @Activate
    public Pkcs11Component(BundleContext context, Map<String, Object> properties) {
        Pkcs11Engine created = null;
        CryptoEngine service;
        try {
            created = new Pkcs11Engine(Pkcs11Settings.from(properties));
            service = created;
        } catch (IllegalArgumentException badSetting) {
            Object id = properties.get("id");
            service = new FailedEngine(id instanceof String text && !text.isBlank() ? text : Pkcs11Settings.DEFAULT_ID,
                    Pkcs11Settings.DEFAULT_RANKING, "the pkcs11 engine is not configured: " + badSetting.getMessage());
        }
        engine = created;
        Dictionary<String, Object> engineProperties = new Hashtable<>();
        engineProperties.put(Constants.SERVICE_RANKING, service.ranking());
        engineProperties.put("engine.id", service.id());
        engineRegistration = context.registerService(CryptoEngine.class, service, engineProperties);
        if (created == null) {
            keyStoreRegistration = null;
            return;
        }
        Dictionary<String, Object> keyStoreProperties = new Hashtable<>();
        keyStoreProperties.put("engine.id", created.id());
        keyStoreProperties.put("keystore.type", TokenKeyStoreSpi.TYPE);
        keyStoreRegistration = context.registerService(KeyStore.class, created.keyStore(), keyStoreProperties);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : new ServiceRegistration<?>[] {keyStoreRegistration, engineRegistration}) {
            if (registration == null) {
                continue;
            }
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it while stopping the bundle
            }
        }
        if (engine != null) {
            engine.close();
        }
    }
}
