package org.enginetls.pkcs11;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.PSSParameterSpec;

import org.enginetls.engine.EngineCapabilities;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignatureNames;

/**
 * The signature algorithms the engine takes, by the names the TLS stack asks for, and how each is
 * made with SunPKCS11: BouncyCastle's RSA-PSS names ({@code SHA256withRSAandMGF1}) become
 * {@code RSASSA-PSS} with the matching parameters; the others are SunPKCS11's own names.
 */
final class TokenSignatures {

    static final EngineCapabilities CAPABILITIES = EngineCapabilities.builder()
            .add(OperationKind.SIGN, "NONEwithECDSA", "SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
                    "NONEwithRSA", "SHA256withRSA", "SHA384withRSA", "SHA512withRSA",
                    "SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1", "RSASSA-PSS")
            .build();

    private TokenSignatures() {
    }

    /** Signs {@code data} with the token's {@code key}, a PKCS#11 call that blocks until the token answers. */
    static byte[] sign(Provider token, String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data)
            throws GeneralSecurityException {
        PSSParameterSpec pss = SignatureNames.pssParameters(algorithm);
        Signature signature = Signature.getInstance(pss != null ? "RSASSA-PSS" : algorithm, token);
        signature.initSign(key);
        AlgorithmParameterSpec effective = parameters != null ? parameters : pss;
        if (effective != null) {
            signature.setParameter(effective);
        }
        signature.update(data);
        return signature.sign();
    }
}
