package org.enginetls.provider.impl.jmx;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.provider.impl.engines.RegistryEvent;
import org.enginetls.provider.impl.engines.RegistryListener;

/**
 * Keeps one MBean per listed engine id on an MBean server, named {@value #DOMAIN}{@code :type=Engine,name=<id>}:
 * registered when the first engine with the id is listed, unregistered when the last one is no longer listed, and
 * all of them unregistered by {@link #close()}. Two engines sharing an id (a bundle update) share the MBean, which
 * reports the active one.
 */
public final class EngineMBeans implements RegistryListener, AutoCloseable {

    public static final String DOMAIN = "org.enginetls";

    private static final System.Logger LOG = System.getLogger(EngineMBeans.class.getName());

    private final EngineRegistry registry;
    private final MBeanServer server;
    /** Engine id to the name this instance registered for it; guarded by {@code this}. */
    private final Map<String, ObjectName> registered = new HashMap<>();
    private boolean closed;

    private EngineMBeans(EngineRegistry registry, MBeanServer server) {
        this.registry = registry;
        this.server = server;
    }

    /** Registers MBeans for the engines {@code registry} lists now and keeps them in step with it until closed. */
    public static EngineMBeans open(EngineRegistry registry, MBeanServer server) {
        EngineMBeans mbeans = new EngineMBeans(registry, server);
        synchronized (registry) {
            // under the registry's lock: no change can slip between the listing and the listener
            registry.addListener(mbeans);
            for (RegisteredEngine engine : registry.engines()) {
                mbeans.register(engine.id());
            }
        }
        return mbeans;
    }

    /** The name of the MBean of the engine {@code id}. */
    public static ObjectName name(String id) {
        try {
            return new ObjectName(DOMAIN + ":type=Engine,name=" + quoteIfNeeded(id));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("engine id " + id + " makes no ObjectName", e);
        }
    }

    /** Ids made of letters, digits and {@code . - _} are used as they are; anything else is quoted. */
    private static String quoteIfNeeded(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')
                ? id : ObjectName.quote(id);
    }

    @Override
    public void changed(RegistryEvent event) {
        String id = event.engine().id();
        switch (event.type()) {
            case ADDED -> register(id);
            case REMOVED -> {
                if (registry.find(id) == null) {
                    unregister(id);
                }
            }
            default -> {
                // the MBean reads the state when asked
            }
        }
    }

    private synchronized void register(String id) {
        if (closed || registered.containsKey(id)) {
            return;
        }
        ObjectName name = name(id);
        try {
            server.registerMBean(new StandardMBean(new EngineMBean(registry, id), EngineMXBean.class, true), name);
            registered.put(id, name);
        } catch (JMException e) {
            // most likely another EngineTLS instance in this JVM has an engine with this id
            LOG.log(Level.WARNING, "cannot register the MBean " + name + ": " + e);
        }
    }

    private synchronized void unregister(String id) {
        ObjectName name = registered.remove(id);
        if (name == null) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // someone else unregistered it: nothing left to do
        } catch (JMException e) {
            LOG.log(Level.WARNING, "cannot unregister the MBean " + name + ": " + e);
        }
    }

    /** Stops following the registry and unregisters every MBean this instance registered. */
    @Override
    public void close() {
        registry.removeListener(this);
        synchronized (this) {
            closed = true;
            for (String id : Map.copyOf(registered).keySet()) {
                unregister(id);
            }
        }
    }
}
