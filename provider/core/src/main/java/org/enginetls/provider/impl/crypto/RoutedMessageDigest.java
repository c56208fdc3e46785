package org.enginetls.provider.impl.crypto;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.ProviderException;

import org.enginetls.engine.OperationKind;

/**
 * {@code MessageDigest} through the router: an inline primitive of one engine. TLS clones its
 * transcript hash at every handshake message, so cloning clones the engine's digest.
 */
final class RoutedMessageDigest extends MessageDigestSpi implements Cloneable {

    private final CryptoRouter.Inline<MessageDigest> digest;

    RoutedMessageDigest(CryptoRouter router, String algorithm) {
        try {
            this.digest = router.create(OperationKind.DIGEST, algorithm, null, engine -> engine.newDigest(algorithm));
        } catch (GeneralSecurityException e) {
            throw new ProviderException(e.getMessage(), e);
        }
    }

    private RoutedMessageDigest(CryptoRouter.Inline<MessageDigest> digest) {
        this.digest = digest;
    }

    @Override
    protected int engineGetDigestLength() {
        return digest.primitive().getDigestLength();
    }

    @Override
    protected void engineUpdate(byte input) {
        digest.primitive().update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        digest.primitive().update(input, offset, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        digest.primitive().update(input);
    }

    @Override
    protected byte[] engineDigest() {
        return digest.primitive().digest();
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int len) throws DigestException {
        return digest.primitive().digest(buf, offset, len);
    }

    @Override
    protected void engineReset() {
        digest.primitive().reset();
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        return new RoutedMessageDigest(new CryptoRouter.Inline<>(digest.engine(), (MessageDigest) digest.primitive().clone()));
    }
}
