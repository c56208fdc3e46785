package org.enginetls.engine;

/**
 * The kinds of cryptographic operation an engine can declare, each matching one JCA service type
 * that the TLS stack uses.
 */
public enum OperationKind {
    /** Signature generation ({@code Signature} in sign mode): submitted. */
    SIGN("Signature", true),
    /** Signature verification ({@code Signature} in verify mode): submitted. */
    VERIFY("Signature", true),
    /** Key agreement ({@code KeyAgreement}): submitted. */
    AGREE("KeyAgreement", true),
    /** Key-pair generation ({@code KeyPairGenerator}): submitted. */
    KEYGEN("KeyPairGenerator", true),
    /** Asymmetric decryption ({@code Cipher} with a private key, e.g. RSA key transport): submitted. */
    DECRYPT("Cipher", true),
    /** Asymmetric encryption ({@code Cipher} with a public key): submitted. */
    ENCRYPT("Cipher", true),
    /** Symmetric record ciphers ({@code Cipher} with a secret key): inline. */
    CIPHER("Cipher", false),
    /** Message authentication codes and HKDF's HMAC ({@code Mac}): inline. */
    MAC("Mac", false),
    /** Message digests, including the handshake transcript hash ({@code MessageDigest}): inline. */
    DIGEST("MessageDigest", false),
    /** Key decoding ({@code KeyFactory}): inline. */
    KEY_FACTORY("KeyFactory", false),
    /** Random generation ({@code SecureRandom}): inline. */
    RANDOM("SecureRandom", false);

    private final String jcaType;
    private final boolean submitted;

    OperationKind(String jcaType, boolean submitted) {
        this.jcaType = jcaType;
        this.submitted = submitted;
    }

    /** The JCA service type through which the TLS stack asks for this kind of operation. */
    public String jcaType() {
        return jcaType;
    }

    /**
     * Whether operations of this kind are submitted to the engine and complete through a
     * {@link java.util.concurrent.CompletionStage} (as opposed to inline primitives).
     */
    public boolean isSubmitted() {
        return submitted;
    }
}
