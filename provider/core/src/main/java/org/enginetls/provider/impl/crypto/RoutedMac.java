package org.enginetls.provider.impl.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.ProviderException;
import java.security.spec.AlgorithmParameterSpec;

import javax.crypto.Mac;
import javax.crypto.MacSpi;

import org.enginetls.engine.OperationKind;

/**
 * {@code Mac} through the router: an inline primitive of one engine. The HKDF of TLS 1.3 initialises
 * HMACs many times per handshake, so the primitive is kept until its engine stops being active.
 */
final class RoutedMac extends MacSpi implements Cloneable {

    private final CryptoRouter router;
    private final String algorithm;
    private CryptoRouter.Inline<Mac> mac;

    RoutedMac(CryptoRouter router, String algorithm) {
        this.router = router;
        this.algorithm = algorithm;
        this.mac = create(null);
    }

    private RoutedMac(RoutedMac original, CryptoRouter.Inline<Mac> mac) {
        this.router = original.router;
        this.algorithm = original.algorithm;
        this.mac = mac;
    }

    private CryptoRouter.Inline<Mac> create(Key key) {
        try {
            return router.create(OperationKind.MAC, algorithm, key, engine -> engine.newMac(algorithm));
        } catch (GeneralSecurityException e) {
            throw new ProviderException(e.getMessage(), e);
        }
    }

    @Override
    protected int engineGetMacLength() {
        return mac.primitive().getMacLength();
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        if (!mac.usableWith(key)) {
            mac = create(key);
        }
        mac.primitive().init(key, params);
    }

    @Override
    protected void engineUpdate(byte input) {
        mac.primitive().update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        mac.primitive().update(input, offset, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        mac.primitive().update(input);
    }

    @Override
    protected byte[] engineDoFinal() {
        return mac.primitive().doFinal();
    }

    @Override
    protected void engineReset() {
        mac.primitive().reset();
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        return new RoutedMac(this, new CryptoRouter.Inline<>(mac.engine(), (Mac) mac.primitive().clone()));
    }
}
