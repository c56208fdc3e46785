package org.enginetls.pkcs11;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.Map;

/**
 * The engine's token as a read-only {@code KeyStore}: one private-key entry per key with a certificate
 * chain in the token, whose key is a {@link TokenKey} handle. Entries are read from the engine's
 * {@link TokenSession}, so a token that is opened again shows its keys again; while the token is
 * unavailable the store shows the keys it last had (their signatures fail with the reason).
 */
final class TokenKeyStoreSpi extends KeyStoreSpi {

    /** The key store type name. */
    static final String TYPE = "EngineTLS-PKCS11";

    private final TokenSession session;

    private TokenKeyStoreSpi(TokenSession session) {
        this.session = session;
    }

    /** A loaded key store over the token of {@code session}. */
    static KeyStore keyStore(TokenSession session) {
        KeyStore store = new KeyStore(new TokenKeyStoreSpi(session), OwnProvider.INSTANCE, TYPE) {
        };
        try {
            store.load(null, null);
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the token key store cannot be loaded", e);
        }
        return store;
    }

    /** Names this key store's origin; it is never added to the Security provider list. */
    private static final class OwnProvider extends Provider {
        @Serial
        private static final long serialVersionUID = 1L;
        static final OwnProvider INSTANCE = new OwnProvider();

        private OwnProvider() {
            super("EngineTLS-PKCS11", "1.0", "EngineTLS PKCS#11 token keys (handles; keys stay in the token)");
        }
    }

    private Map<String, TokenConnection.Entry> entries() {
        return session.entries();
    }

    @Override
    public Key engineGetKey(String alias, char[] password) {
        TokenConnection.Entry entry = entries().get(alias);
        return entry == null ? null : TokenKey.of(session.settings().id(), alias, entry.chain()[0].getPublicKey());
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        TokenConnection.Entry entry = entries().get(alias);
        return entry == null ? null : entry.chain().clone();
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        TokenConnection.Entry entry = entries().get(alias);
        return entry == null ? null : entry.chain()[0];
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        return entries().containsKey(alias) ? new Date(0) : null;
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
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw readOnly();
    }

    private static KeyStoreException readOnly() {
        return new KeyStoreException("the token key store is read-only: put keys in the token with its own tools "
                + "(or SunPKCS11's KeyStore), then they appear here");
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(entries().keySet());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return entries().containsKey(alias);
    }

    @Override
    public int engineSize() {
        return entries().size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return entries().containsKey(alias);
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        for (TokenConnection.Entry entry : entries().values()) {
            if (entry.chain()[0].equals(cert)) {
                return entry.alias();
            }
        }
        return null;
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) throws java.io.IOException {
        throw new java.io.IOException("the token key store cannot be written to a stream: its keys stay in the token");
    }

    @Override
    public void engineLoad(InputStream stream, char[] password) {
        // the TokenSession opens and logs in to the token itself
    }
}
