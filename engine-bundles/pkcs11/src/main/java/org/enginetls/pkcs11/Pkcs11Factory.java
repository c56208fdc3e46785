package org.enginetls.pkcs11;

import java.util.Set;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineFactory;

/** Makes {@link Pkcs11Engine}s on a plain class path, configured by the keys of {@link Pkcs11Settings}. */
public final class Pkcs11Factory implements EngineFactory {

    private static final Set<String> KEYS = Set.of("library", "slot", "slot.index", "token.label", "pin", "pin.file", "pin.env", "threads", "queue.size", "retry.ms", "ranking", "id");

    @Override
    public String id() {
        return "pkcs11";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public CryptoEngine create(ConfigurationValues configuration) {
        return new Pkcs11Engine(Pkcs11Settings.from(configuration, System::getenv));
    }
}
