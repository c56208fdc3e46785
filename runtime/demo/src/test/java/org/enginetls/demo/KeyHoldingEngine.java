package org.enginetls.demo;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreSpi;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;

/**
 * An engine that holds one key for applications ({@link CryptoEngine#keyStore()}), as a token engine does; it signs
 * nothing itself (its key is a portable one, so the software engine signs), which is all the demo's
 * {@code keystore=EngineTLS:<engine id>/<alias>} needs to be tested without a token.
 */
final class KeyHoldingEngine implements CryptoEngine {

    private final String id;
    private final KeyStore keys;

    KeyHoldingEngine(String id, String alias, SelfSignedCertificate held) {
        this.id = id;
        this.keys = new KeyStore(new OneEntry(alias, held), null, "test") {
        };
        try {
            keys.load(null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** Above the software engine, below dasync. */
    @Override
    public int ranking() {
        return 10;
    }

    @Override
    public EngineCapabilities capabilities() {
        return EngineCapabilities.builder().build();
    }

    @Override
    public KeyStore keyStore() {
        return keys;
    }

    /** A read-only key store of one key entry. */
    private static final class OneEntry extends KeyStoreSpi {
        private final String alias;
        private final SelfSignedCertificate held;

        OneEntry(String alias, SelfSignedCertificate held) {
            this.alias = alias;
            this.held = held;
        }

        @Override
        public Key engineGetKey(String name, char[] password) {
            return alias.equals(name) ? held.key() : null;
        }

        @Override
        public Certificate[] engineGetCertificateChain(String name) {
            return alias.equals(name) ? new Certificate[] {held.certificate()} : null;
        }

        @Override
        public Certificate engineGetCertificate(String name) {
            return alias.equals(name) ? held.certificate() : null;
        }

        @Override
        public Date engineGetCreationDate(String name) {
            return alias.equals(name) ? new Date(0) : null;
        }

        @Override
        public void engineSetKeyEntry(String name, Key key, char[] password, Certificate[] chain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void engineSetKeyEntry(String name, byte[] key, Certificate[] chain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void engineSetCertificateEntry(String name, Certificate certificate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void engineDeleteEntry(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Enumeration<String> engineAliases() {
            return Collections.enumeration(java.util.List.of(alias));
        }

        @Override
        public boolean engineContainsAlias(String name) {
            return alias.equals(name);
        }

        @Override
        public int engineSize() {
            return 1;
        }

        @Override
        public boolean engineIsKeyEntry(String name) {
            return alias.equals(name);
        }

        @Override
        public boolean engineIsCertificateEntry(String name) {
            return false;
        }

        @Override
        public String engineGetCertificateAlias(Certificate certificate) {
            return held.certificate().equals(certificate) ? alias : null;
        }

        @Override
        public void engineStore(OutputStream stream, char[] password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void engineLoad(InputStream stream, char[] password) {
        }
    }
}
