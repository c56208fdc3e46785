package org.enginetls.provider.testing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.CompletionStage;

import javax.crypto.Cipher;
import javax.crypto.Mac;

import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;

/**
 * A test engine with its own id that does the real work on another engine (usually a
 * {@code SoftwareEngine}); subclasses observe or disturb single operations.
 */
public class DelegatingEngine implements CryptoEngine {

    private final String id;
    private final CryptoEngine delegate;
    private final EngineCapabilities capabilities;

    public DelegatingEngine(String id, CryptoEngine delegate) {
        this(id, delegate, delegate.capabilities());
    }

    public DelegatingEngine(String id, CryptoEngine delegate, EngineCapabilities capabilities) {
        this.id = id;
        this.delegate = delegate;
        this.capabilities = capabilities;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        return delegate.sign(request);
    }

    @Override
    public CompletionStage<Boolean> verify(VerifyRequest request) {
        return delegate.verify(request);
    }

    @Override
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        return delegate.agree(request);
    }

    @Override
    public CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        return delegate.generateKeyPair(request);
    }

    @Override
    public CompletionStage<byte[]> transform(AsymmetricCipherRequest request) {
        return delegate.transform(request);
    }

    @Override
    public Cipher newCipher(String transformation) throws GeneralSecurityException {
        return delegate.newCipher(transformation);
    }

    @Override
    public Mac newMac(String algorithm) throws GeneralSecurityException {
        return delegate.newMac(algorithm);
    }

    @Override
    public MessageDigest newDigest(String algorithm) throws GeneralSecurityException {
        return delegate.newDigest(algorithm);
    }

    @Override
    public KeyFactory newKeyFactory(String algorithm) throws GeneralSecurityException {
        return delegate.newKeyFactory(algorithm);
    }

    @Override
    public SecureRandom newSecureRandom(String algorithm) throws GeneralSecurityException {
        return delegate.newSecureRandom(algorithm);
    }
}
