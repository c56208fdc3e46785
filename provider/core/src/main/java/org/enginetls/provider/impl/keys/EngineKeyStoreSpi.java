package org.enginetls.provider.impl.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.impl.engines.EngineRegistry;
import org.enginetls.provider.impl.engines.RegisteredEngine;
import org.enginetls.runtime.EngineState;

/**
 * The {@code EngineTLS} key store: the keys every engine holds ({@link CryptoEngine#keyStore()}),
 * under the alias {@code <engine id>/<alias in the engine>}, so a standard {@code KeyManagerFactory}
 * can pick a key that never leaves its engine.
 *
 * <p>{@code load} takes a snapshot of the engines listed then (active or failed: a failed engine's
 * keys stay choosable, and their use fails with the engine's reason; a failed engine that never offered a key
 * fails the load with its reason); a later {@code load} takes a new one. The store is read-only: keys are put into an engine with the engine's own tools. Only the
 * handles and certificates are kept, never the engines, so an engine bundle that leaves is not held.
 */
public final class EngineKeyStoreSpi extends KeyStoreSpi {

    /** The key store type, as in {@code KeyStore.getInstance("EngineTLS", "EngineTLS")}. */
    public static final String TYPE = "EngineTLS";

    private final EngineRegistry registry;
    private Map<String, KeyEntry> entries = Map.of();

    public EngineKeyStoreSpi(EngineRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    private record KeyEntry(Key key, Certificate[] chain, Date created) {
    }

    /**
     * Takes the snapshot.
     *
     * @throws IOException when a failed engine holds a key store but could not offer a single key (a wrong PIN, a
     *         missing token or library at start-up): the message names the engine and its reason, where an empty
     *         key store would only show up later as a handshake that finds "no selectable cipher suite"
     */
    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        if (stream != null) {
            throw new IllegalArgumentException("the EngineTLS key store reads its engines, not a stream: load(null, null)");
        }
        Map<String, KeyEntry> snapshot = new LinkedHashMap<>();
        for (RegisteredEngine registered : registry.engines()) {
            CryptoEngine engine = registered.engine();
            if (engine == null || registered.state() == EngineState.RETIRING || registered.state() == EngineState.SHADOWED) {
                continue;
            }
            KeyStore keys = engine.keyStore();
            if (keys != null && copy(registered.id(), keys, snapshot) == 0 && registered.state() == EngineState.FAILED) {
                throw new IOException("the EngineTLS key store has no keys of engine '" + registered.id()
                        + "', which has failed: " + registered.stateReason());
            }
        }
        entries = Collections.unmodifiableMap(snapshot);
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter parameter) throws IOException {
        engineLoad(null, null);
    }

    /** Copies the key entries of {@code keys} and returns how many there were. */
    private static int copy(String engineId, KeyStore keys, Map<String, KeyEntry> into) {
        try {
            int copied = 0;
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    into.put(engineId + "/" + alias,
                            new KeyEntry(keys.getKey(alias, null), keys.getCertificateChain(alias), keys.getCreationDate(alias)));
                    copied++;
                }
            }
            return copied;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("engine " + engineId + " could not list its keys: " + e.getMessage(), e);
        }
    }

    @Override
    public Key engineGetKey(String alias, char[] password) {
        KeyEntry entry = entries.get(alias);
        return entry == null ? null : entry.key();
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        KeyEntry entry = entries.get(alias);
        return entry == null || entry.chain() == null ? null : entry.chain().clone();
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        Certificate[] chain = engineGetCertificateChain(alias);
        return chain == null || chain.length == 0 ? null : chain[0];
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        KeyEntry entry = entries.get(alias);
        return entry == null || entry.created() == null ? null : new Date(entry.created().getTime());
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(entries.keySet());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return entries.containsKey(alias);
    }

    @Override
    public int engineSize() {
        return entries.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return entries.containsKey(alias);
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate certificate) {
        for (Map.Entry<String, KeyEntry> entry : entries.entrySet()) {
            Certificate[] chain = entry.getValue().chain();
            if (chain != null && chain.length > 0 && chain[0].equals(certificate)) {
                return entry.getKey();
            }
        }
        return null;
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate certificate) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) {
        throw new UnsupportedOperationException("the EngineTLS key store lives in its engines and is not stored");
    }

    private static KeyStoreException readOnly() {
        return new KeyStoreException("the EngineTLS key store is read-only: put keys into the engine that holds them");
    }
}
