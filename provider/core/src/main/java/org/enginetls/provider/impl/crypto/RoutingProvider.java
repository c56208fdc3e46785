package org.enginetls.provider.impl.crypto;

import java.io.Serial;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineState;

/**
 * The JCA provider the TLS stack is given: every service it offers for an operation type creates a
 * {@code Routed*} SPI bound to the router, never an engine's class. It is private to EngineTLS and
 * never registered in the Security provider list.
 *
 * <p>Services are looked up dynamically, so engines that arrive or leave change what is offered at
 * once. Types that are not crypto operations (certificate factories, algorithm parameters) are
 * answered by the pass-through providers.
 */
public final class RoutingProvider extends Provider {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final Map<String, Set<OperationKind>> ROUTED_TYPES = Map.of(
            "Signature", EnumSet.of(OperationKind.SIGN, OperationKind.VERIFY),
            "KeyAgreement", EnumSet.of(OperationKind.AGREE),
            "KeyPairGenerator", EnumSet.of(OperationKind.KEYGEN),
            "Cipher", EnumSet.of(OperationKind.CIPHER, OperationKind.DECRYPT, OperationKind.ENCRYPT),
            "Mac", EnumSet.of(OperationKind.MAC),
            "MessageDigest", EnumSet.of(OperationKind.DIGEST),
            "KeyFactory", EnumSet.of(OperationKind.KEY_FACTORY),
            "SecureRandom", EnumSet.of(OperationKind.RANDOM));

    private final transient CryptoRouter router;
    private final transient List<Provider> passThrough;
    /**
     * Lookups are frequent (one per JCA object the TLS stack creates); answers are cached until engines
     * change, by type and then by the algorithm name exactly as asked, so that a lookup builds no key.
     */
    private final transient Map<String, Map<String, Service>> services = new ConcurrentHashMap<>();

    public RoutingProvider(CryptoRouter router, List<Provider> passThrough) {
        super("EngineTLS-Router", "1.0", "EngineTLS crypto router (private to EngineTLS)");
        this.router = router;
        this.passThrough = List.copyOf(passThrough);
        router.registry().addListener(event -> services.clear());
    }

    @Override
    public Service getService(String type, String algorithm) {
        Map<String, Service> ofType = services.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
        Service service = ofType.get(algorithm);
        if (service == null) {
            service = lookUp(type, algorithm);
            if (service != null) {
                ofType.put(algorithm, service);
            }
        }
        return service;
    }

    private Service lookUp(String type, String algorithm) {
        Set<OperationKind> kinds = ROUTED_TYPES.get(type);
        if (kinds == null) {
            for (Provider provider : passThrough) {
                Service service = provider.getService(type, algorithm);
                if (service != null) {
                    return service;
                }
            }
            return null;
        }
        for (OperationKind kind : kinds) {
            if (router.supports(kind, algorithm)) {
                return new RoutedService(this, type, algorithm);
            }
        }
        return null;
    }

    @Override
    public synchronized Set<Service> getServices() {
        Set<Service> all = new LinkedHashSet<>();
        for (RegisteredEngine engine : router.registry().routable()) {
            if (engine.state() != EngineState.ACTIVE) {
                continue;
            }
            ROUTED_TYPES.forEach((type, kinds) -> kinds.forEach(kind -> engine.capabilities().algorithms(kind)
                    .forEach(algorithm -> all.add(getService(type, algorithm)))));
        }
        return all;
    }

    CryptoRouter router() {
        return router;
    }

    /** A routed service: its instances are the router's SPI classes. */
    private static final class RoutedService extends Service {

        RoutedService(RoutingProvider provider, String type, String algorithm) {
            super(provider, type, algorithm, RoutedService.class.getName(), null, null);
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new NoSuchAlgorithmException(getType() + "." + getAlgorithm()
                        + " through EngineTLS takes no constructor parameter: " + constructorParameter);
            }
            CryptoRouter router = ((RoutingProvider) getProvider()).router();
            String algorithm = getAlgorithm();
            return switch (getType()) {
                case "Signature" -> new RoutedSignature(router, algorithm);
                case "KeyAgreement" -> new RoutedKeyAgreement(router, algorithm);
                case "KeyPairGenerator" -> new RoutedKeyPairGenerator(router, algorithm);
                case "Cipher" -> new RoutedCipher(router, algorithm);
                case "Mac" -> new RoutedMac(router, algorithm);
                case "MessageDigest" -> new RoutedMessageDigest(router, algorithm);
                case "KeyFactory" -> new RoutedKeyFactory(router, algorithm);
                case "SecureRandom" -> new RoutedSecureRandom(router, algorithm);
                default -> throw new IllegalStateException("not a routed type: " + getType());
            };
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return true;
        }
    }
}
