package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;

import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

import org.enginetls.engine.OperationKind;

/**
 * {@code KeyAgreement} through the router: one submitted operation per shared secret (two parties).
 *
 * <p>The agreement runs in {@code doPhase}, as the JDK's XDH agreement does, so that a peer key the
 * engine rejects (a DH value outside 1 &lt; y &lt; p-1, a small-order X25519 or X448 point, a point off
 * the curve) is reported where the JCA contract puts it: {@link InvalidKeyException} from
 * {@code doPhase}, a checked verdict about the peer's input. A failure of the engines themselves is
 * not the peer's fault and is reported as a {@link ProviderException}.
 */
final class RoutedKeyAgreement extends KeyAgreementSpi {

    private static final String TLS_PREMASTER_SECRET = "TlsPremasterSecret";

    private final CryptoRouter router;
    private final String algorithm;
    private PrivateKey privateKey;
    private AlgorithmParameterSpec parameters;
    private byte[] secret;

    RoutedKeyAgreement(CryptoRouter router, String algorithm) {
        this.router = router;
        this.algorithm = algorithm;
    }

    @Override
    protected void engineInit(Key key, SecureRandom random) throws InvalidKeyException {
        if (!(key instanceof PrivateKey pk)) {
            throw new InvalidKeyException(algorithm + " needs a private key, got " + key);
        }
        privateKey = pk;
        parameters = null;
        secret = null;
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        engineInit(key, random);
        parameters = params;
    }

    @Override
    protected Key engineDoPhase(Key key, boolean lastPhase) throws InvalidKeyException {
        if (privateKey == null) {
            throw new IllegalStateException(algorithm + " agreement is not initialised");
        }
        if (!lastPhase) {
            throw new IllegalStateException(algorithm + " agreement has a single phase");
        }
        if (!(key instanceof PublicKey peerKey)) {
            throw new InvalidKeyException(algorithm + " needs the peer's public key, got " + key);
        }
        PrivateKey own = privateKey;
        AlgorithmParameterSpec spec = parameters;
        try {
            secret = router.submit(OperationKind.AGREE, algorithm, own,
                    (engine, wait) -> engine.agree(new EngineRequests.Agree(wait, algorithm, spec, own, peerKey)));
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new ProviderException(algorithm + " key agreement failed: " + e.getMessage(), e);
        }
        return null;
    }

    @Override
    protected byte[] engineGenerateSecret() throws IllegalStateException {
        if (secret == null) {
            throw new IllegalStateException("the peer's key has not been supplied");
        }
        byte[] answer = secret;
        // like the JDK's agreements: the next secret needs another doPhase
        secret = null;
        return answer;
    }

    @Override
    protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
        if (secret != null && sharedSecret.length - offset < secret.length) {
            throw new ShortBufferException("need " + secret.length + " bytes");
        }
        byte[] answer = engineGenerateSecret();
        System.arraycopy(answer, 0, sharedSecret, offset, answer.length);
        return answer.length;
    }

    /**
     * The secret as a key. For Diffie-Hellman, {@code TlsPremasterSecret} is the JSSE's name for the TLS 1.2
     * pre-master secret (RFC 5246 8.1.2: leading zero bytes stripped), which the JDK's agreement returns and
     * BouncyCastle asks for; BouncyCastle pads it again where TLS 1.3 wants the full length.
     */
    @Override
    protected SecretKey engineGenerateSecret(String secretAlgorithm) {
        byte[] answer = engineGenerateSecret();
        if (TLS_PREMASTER_SECRET.equals(secretAlgorithm) && isDiffieHellman()) {
            answer = withoutLeadingZeros(answer);
        }
        return new SecretKeySpec(answer, secretAlgorithm);
    }

    private boolean isDiffieHellman() {
        return "DH".equalsIgnoreCase(algorithm) || "DiffieHellman".equalsIgnoreCase(algorithm);
    }

    private static byte[] withoutLeadingZeros(byte[] value) {
        int first = 0;
        while (first < value.length - 1 && value[first] == 0) {
            first++;
        }
        return first == 0 ? value : Arrays.copyOfRange(value, first, value.length);
    }
}
