package org.enginetls.provider.impl.engines;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineFactory;
import org.enginetls.engine.FailedEngine;

/**
 * Adds the engines {@link ServiceLoader} finds on a plain class path to a registry: the engines an
 * {@link EngineFactory} makes with the settings this provider instance gives them, and the engines listed directly as
 * {@link CryptoEngine} services (made by their no-arg constructor, which reads their own system properties). An
 * engine that cannot be created (a setting is rejected, a class it needs is missing) does not take the provider or the
 * other engines with it: it is listed as a {@link FailedEngine} with the reason, as is an engine asked for by id that
 * no factory makes.
 */
public final class ClassPathEngines {

    private final ClassLoader loader;
    private final EngineRegistry registry;
    private final Consumer<IllegalArgumentException> onRejected;

    private ClassPathEngines(ClassLoader loader, EngineRegistry registry, Consumer<IllegalArgumentException> onRejected) {
        this.loader = loader;
        this.registry = registry;
        this.onRejected = onRejected;
    }

    /** Adds every engine found, each configured by its own system properties. */
    public static void load(ClassLoader loader, EngineRegistry registry) {
        load(loader, registry, Set.of(), Map.of(), rejection -> {
            throw rejection;
        });
    }

    /**
     * Adds the engines found.
     *
     * @param ids the engine factory ids to add; empty for every engine found (factories and listed engines)
     * @param settings per engine id, the settings this instance gives it; a key not given is read from the engine's
     *        system property {@code org.enginetls.engine.<id>.<key>}
     * @param onRejected takes an id or key given in {@code settings} that no engine added has (it is ignored)
     */
    public static void load(ClassLoader loader, EngineRegistry registry, Set<String> ids,
            Map<String, ? extends Map<String, ?>> settings, Consumer<IllegalArgumentException> onRejected) {
        ClassPathEngines engines = new ClassPathEngines(loader, registry, onRejected);
        Set<String> created = engines.loadFactories(ids, settings);
        if (ids.isEmpty()) {
            engines.loadListedEngines();
        }
        for (String id : ids) {
            if (!created.contains(id)) {
                registry.add(new FailedEngine(id, Integer.MIN_VALUE, "no " + EngineFactory.class.getName()
                        + " with the id '" + id + "' is on the class path"), Integer.MIN_VALUE, EngineOrigin.CLASS_PATH);
            }
        }
        for (String id : new TreeSet<>(settings.keySet())) {
            if (!created.contains(id)) {
                onRejected.accept(new IllegalArgumentException("settings are given for the engine '" + id
                        + "', which this provider does not add; the engines it adds are " + new TreeSet<>(created)));
            }
        }
    }

    /** Creates an engine with every factory found (or the ones asked for); returns the ids of the factories used. */
    private Set<String> loadFactories(Set<String> ids, Map<String, ? extends Map<String, ?>> settings) {
        Set<String> created = new LinkedHashSet<>();
        Iterator<ServiceLoader.Provider<EngineFactory>> factories = ServiceLoader.load(EngineFactory.class, loader)
                .stream().iterator();
        while (true) {
            EngineFactory factory;
            try {
                if (!factories.hasNext()) {
                    return created;
                }
                factory = factories.next().get();
            } catch (ServiceConfigurationError | RuntimeException e) {
                // a factory that cannot be made or a broken list: nothing after it can be trusted
                registry.add(new FailedEngine("class path engine factories", Integer.MIN_VALUE,
                        "cannot read META-INF/services/" + EngineFactory.class.getName() + ": " + reason(e)),
                        Integer.MIN_VALUE, EngineOrigin.CLASS_PATH);
                return created;
            }
            String id = factory.id();
            if ((!ids.isEmpty() && !ids.contains(id)) || !created.add(id)) {
                continue;
            }
            CryptoEngine engine;
            try {
                engine = factory.create(configuration(factory, settings.get(id)));
            } catch (RuntimeException e) {
                engine = new FailedEngine(id, Integer.MIN_VALUE, "cannot create the engine " + id + ": " + reason(e));
            }
            registry.add(engine, engine.ranking(), EngineOrigin.CLASS_PATH);
        }
    }

    /**
     * The factory's settings: those given, over its system properties. Without given settings the system properties
     * themselves, so that a rejected value is named as the property the user set.
     */
    private ConfigurationValues configuration(EngineFactory factory, Map<String, ?> given) {
        String pid = EngineFactory.PID_PREFIX + factory.id();
        if (given == null || given.isEmpty()) {
            return ConfigurationValues.systemProperties(pid);
        }
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(factory.keys());
        for (String key : unknown) {
            onRejected.accept(new IllegalArgumentException("'engine." + factory.id() + "." + key
                    + "' is not a setting of the engine " + factory.id() + "; its settings are "
                    + new TreeSet<>(factory.keys())));
        }
        Map<String, Object> values = new HashMap<>();
        for (String key : factory.keys()) {
            Object value = given.containsKey(key) ? given.get(key) : System.getProperty(pid + "." + key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return ConfigurationValues.of(pid, values);
    }

    /** Adds the engines listed as {@link CryptoEngine} services, made by their no-arg constructors. */
    private void loadListedEngines() {
        Iterator<ServiceLoader.Provider<CryptoEngine>> providers = ServiceLoader.load(CryptoEngine.class, loader)
                .stream().iterator();
        while (true) {
            ServiceLoader.Provider<CryptoEngine> provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                // the list itself is broken (a class named in it is missing): nothing after it can be trusted
                registry.add(new FailedEngine("class path engines", Integer.MIN_VALUE,
                        "cannot read META-INF/services/" + CryptoEngine.class.getName() + ": " + reason(e)),
                        Integer.MIN_VALUE, EngineOrigin.CLASS_PATH);
                return;
            }
            CryptoEngine engine;
            try {
                engine = provider.get();
            } catch (ServiceConfigurationError | RuntimeException e) {
                engine = new FailedEngine(provider.type().getName(), Integer.MIN_VALUE,
                        "cannot create the engine " + provider.type().getName() + ": " + reason(e));
            }
            registry.add(engine, engine.ranking(), EngineOrigin.CLASS_PATH);
        }
    }

    /** The innermost message: what the engine's constructor said, not ServiceLoader's wrapping. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
