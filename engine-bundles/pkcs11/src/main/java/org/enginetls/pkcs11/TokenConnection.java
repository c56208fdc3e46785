package org.enginetls.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.login.LoginException;

/**
 * One open, logged-in token: a SunPKCS11 provider instance configured for it (never added to the
 * Security provider list), its PKCS#11 key store, and the private keys with certificate chains found
 * in it. The keys are the token's own objects; they are used here and never leave.
 */
final class TokenConnection implements AutoCloseable {

    /** A private key in the token and the certificate chain stored with it. */
    record Entry(String alias, PrivateKey tokenKey, X509Certificate[] chain) {
    }

    private final Provider provider;
    private final Map<String, Entry> entries;
    private final String label;
    private final Long slotId;

    private TokenConnection(Provider provider, Map<String, Entry> entries, String label, Long slotId) {
        this.provider = provider;
        this.entries = entries;
        this.label = label;
        this.slotId = slotId;
    }

    /** Opens and logs in to the token {@code settings} name; the message of a failure names the cause and the fix. */
    static TokenConnection open(Pkcs11Settings settings) throws TokenException {
        checkLibrary(settings);
        TokenSlots.Slot slot = slot(settings);
        Provider provider = configure(settings, slot);
        try {
            KeyStore store = login(provider, settings);
            return new TokenConnection(provider, entries(store, settings), slot == null ? null : slot.label(),
                    slot == null ? settings.slot() : Long.valueOf(slot.id()));
        } catch (TokenException | RuntimeException e) {
            logout(provider);
            throw e;
        }
    }

    /**
     * The slot and label of the configured token: found by label when {@code token.label} is set (an
     * error if none has it); otherwise looked up only to show the label, {@code null} when that fails.
     */
    private static TokenSlots.Slot slot(Pkcs11Settings settings) throws TokenException {
        if (settings.tokenLabel() != null) {
            List<TokenSlots.Slot> slots = TokenSlots.list(settings.library());
            return slots.stream().filter(slot -> settings.tokenLabel().equals(slot.label())).findFirst()
                    .orElseThrow(() -> new TokenException("no token labelled '" + settings.tokenLabel() + "' in "
                            + settings.library() + " (tokens present: " + slots.stream().map(TokenSlots.Slot::label).toList()
                            + "); insert it, or fix 'token.label'", true, null));
        }
        try {
            List<TokenSlots.Slot> slots = TokenSlots.list(settings.library());
            if (settings.slot() != null) {
                return slots.stream().filter(slot -> slot.id() == settings.slot()).findFirst().orElse(null);
            }
            int index = settings.slotIndex() == null ? 0 : settings.slotIndex();
            return index < slots.size() ? slots.get(index) : null;
        } catch (TokenException | RuntimeException e) {
            return null; // the label is only shown; SunPKCS11 reports a token it cannot open
        }
    }

    private static void checkLibrary(Pkcs11Settings settings) throws TokenException {
        String library = settings.library();
        if (library == null) {
            throw new TokenException("no PKCS#11 library configured; set 'library' to the token's module, "
                    + "e.g. /usr/lib/softhsm/libsofthsm2.so", false, null);
        }
        if (!Files.isRegularFile(Path.of(library))) {
            throw new TokenException("PKCS#11 library " + library + " not found; install it or set 'library' "
                    + "to the path of the token's module", true, null);
        }
    }

    private static Provider configure(Pkcs11Settings settings, TokenSlots.Slot slot) throws TokenException {
        String library = settings.library();
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new TokenException("this JVM has no SunPKCS11 provider (module jdk.crypto.cryptoki)", false, null);
        }
        try {
            return base.configure(configuration(settings, slot));
        } catch (ProviderException | IllegalArgumentException e) {
            throw new TokenException("cannot open " + settings.token() + " of " + library
                    + " (not present, removed or not initialised?): " + rootMessage(e), true, e);
        }
    }

    /** SunPKCS11's configuration in its inline ("--") form. */
    static String configuration(Pkcs11Settings settings, TokenSlots.Slot slot) {
        StringBuilder config = new StringBuilder("--");
        config.append("name=enginetls-").append(settings.id().replaceAll("[^A-Za-z0-9_.-]", "_")).append('\n');
        config.append("library=").append(quoted(settings.library())).append('\n');
        if (settings.tokenLabel() != null) {
            config.append("slot=").append(slot.id()).append('\n');
        } else if (settings.slot() != null) {
            config.append("slot=").append(settings.slot()).append('\n');
        } else {
            config.append("slotListIndex=").append(settings.slotIndex() == null ? 0 : settings.slotIndex()).append('\n');
        }
        return config.toString();
    }

    private static String quoted(String path) {
        return path.chars().anyMatch(Character::isWhitespace) ? '"' + path + '"' : path;
    }

    private static KeyStore login(Provider provider, Pkcs11Settings settings) throws TokenException {
        if (settings.pin() == null) {
            throw new TokenException("no PIN configured for " + settings.token()
                    + "; set 'pin', 'pin.file' or 'pin.env'", false, null);
        }
        char[] pin = settings.pin().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return store;
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            String cause = causeChain(e);
            if (cause.contains("CKR_PIN_INCORRECT") || cause.contains("CKR_PIN_LEN_RANGE") || hasCause(e, LoginException.class)
                    && !cause.contains("CKR_TOKEN") && !cause.contains("CKR_DEVICE")) {
                throw new TokenException(settings.token()
                        + " rejected the PIN; give the token's user PIN in 'pin', 'pin.file' or 'pin.env' (a rejected PIN is not tried again"
                        + " until the configuration changes, so the token does not lock it)", false, e);
            }
            if (cause.contains("CKR_PIN_LOCKED")) {
                throw new TokenException("the token's user PIN is locked; unlock it with the SO PIN", false, e);
            }
            throw new TokenException("cannot log in to " + settings.token() + ": " + rootMessage(e), true, e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static Map<String, Entry> entries(KeyStore store, Pkcs11Settings settings) throws TokenException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, null);
                Certificate[] chain = store.getCertificateChain(alias);
                if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0
                        && chain[0] instanceof X509Certificate) {
                    entries.put(alias, new Entry(alias, privateKey,
                            Arrays.copyOf(chain, chain.length, X509Certificate[].class)));
                }
            }
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException("cannot list the keys of " + settings.token() + ": "
                    + rootMessage(e), true, e);
        }
        return Collections.unmodifiableMap(entries);
    }

    /** The token's label, {@code null} when the module would not say. */
    String label() {
        return label;
    }

    /** The token's slot id, {@code null} when configured by index and the module would not say. */
    Long slotId() {
        return slotId;
    }

    Provider provider() {
        return provider;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Whether every key this connection found is still in the token: a fresh key store over the same
     * provider lists the token's objects again (a token re-initialised or emptied loses them).
     */
    String missingKeys(Pkcs11Settings settings) throws TokenException {
        KeyStore fresh = login(provider, settings);
        try {
            for (String alias : entries.keySet()) {
                if (!fresh.isKeyEntry(alias)) {
                    return alias;
                }
            }
            return null;
        } catch (GeneralSecurityException e) {
            throw new TokenException("cannot list the token's keys: " + rootMessage(e), true, e);
        }
    }

    /** Logs out: the token's session ends, so the next login really checks the PIN. */
    @Override
    public void close() {
        logout(provider);
    }

    private static void logout(Provider provider) {
        if (provider instanceof AuthProvider auth) {
            try {
                auth.logout();
            } catch (LoginException | RuntimeException e) {
                // the token is gone or was never logged in: nothing to end
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root == e) {
            return message == null ? e.toString() : message;
        }
        return (e.getMessage() == null ? "" : e.getMessage() + ": ") + (message == null ? root.getClass().getSimpleName() : message);
    }

    static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            chain.append(t).append(" | ");
        }
        return chain.toString();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
