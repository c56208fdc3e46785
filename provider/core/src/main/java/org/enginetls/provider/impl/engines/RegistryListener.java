package org.enginetls.provider.impl.engines;

/**
 * Hears every {@link RegistryEvent}, in the order the changes happened. Called with the registry's lock held, so
 * that no two listeners ever see changes in different orders: a listener must be quick and must not change the
 * registry.
 */
@FunctionalInterface
public interface RegistryListener {

    void changed(RegistryEvent event);
}
