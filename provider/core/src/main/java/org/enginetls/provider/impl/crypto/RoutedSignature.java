package org.enginetls.provider.impl.crypto;

import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.ProviderException;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.GeneralSecurityException;

import org.enginetls.engine.OperationKind;

/**
 * {@code Signature} through the router: the message is collected, then signed or verified by one
 * engine in a single submitted operation.
 */
final class RoutedSignature extends SignatureSpi {

    private final CryptoRouter router;
    private final String algorithm;
    private final MessageBuffer message = new MessageBuffer();
    private AlgorithmParameterSpec parameters;
    private PrivateKey signingKey;
    private PublicKey verifyingKey;

    RoutedSignature(CryptoRouter router, String algorithm) {
        this.router = router;
        this.algorithm = algorithm;
    }

    @Override
    protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
        if (key == null) {
            throw new InvalidKeyException("no signing key");
        }
        signingKey = key;
        verifyingKey = null;
        message.reset();
    }

    @Override
    protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
        if (key == null) {
            throw new InvalidKeyException("no verification key");
        }
        verifyingKey = key;
        signingKey = null;
        message.reset();
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        parameters = params;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) throws InvalidParameterException {
        throw new InvalidParameterException("no parameter " + param);
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) throws InvalidParameterException {
        throw new InvalidParameterException("no parameter " + param);
    }

    /** The parameters set, as the JDK's signatures answer: none for algorithms without, PSS ones for RSASSA-PSS. */
    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (parameters == null) {
            return null;
        }
        String type = parameters instanceof PSSParameterSpec ? "RSASSA-PSS" : algorithm;
        try {
            AlgorithmParameters answer = AlgorithmParameters.getInstance(type);
            answer.init(parameters);
            return answer;
        } catch (GeneralSecurityException e) {
            throw new ProviderException("cannot express the " + algorithm + " parameters " + parameters + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void engineUpdate(byte b) {
        message.add(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {
        message.add(b, off, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        message.add(input);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (signingKey == null) {
            throw new SignatureException("not initialised for signing");
        }
        // the request is made per engine on the submitting thread: it takes what this object holds now
        byte[] data = message.take();
        AlgorithmParameterSpec spec = parameters;
        PrivateKey key = signingKey;
        try {
            return router.submit(OperationKind.SIGN, algorithm, key,
                    (engine, wait) -> engine.sign(new EngineRequests.Sign(wait, algorithm, spec, key, data)));
        } catch (GeneralSecurityException e) {
            throw new SignatureException(algorithm + " signing failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        if (verifyingKey == null) {
            throw new SignatureException("not initialised for verification");
        }
        byte[] data = message.take();
        byte[] signature = sigBytes.clone();
        AlgorithmParameterSpec spec = parameters;
        PublicKey key = verifyingKey;
        try {
            return router.submit(OperationKind.VERIFY, algorithm, key, (engine, wait) ->
                    engine.verify(new EngineRequests.Verify(wait, algorithm, spec, key, data, signature)));
        } catch (GeneralSecurityException e) {
            throw new SignatureException(algorithm + " verification failed: " + e.getMessage(), e);
        }
    }
}
