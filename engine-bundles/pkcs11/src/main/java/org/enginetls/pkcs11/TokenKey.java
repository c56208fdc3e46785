package org.enginetls.pkcs11;

import java.io.Serial;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Objects;

import org.enginetls.engine.EngineKey;

/**
 * A handle to a private key inside a PKCS#11 token: the engine's id and the key's alias in the token,
 * nothing of the key itself. TLS stacks choose signature schemes by key type, so an RSA handle tells
 * its modulus ({@link RSAKey}) and an EC handle its curve ({@link ECKey}), both taken from the public
 * key of the certificate stored with it.
 */
public abstract sealed class TokenKey implements EngineKey permits TokenKey.Rsa, TokenKey.Ec, TokenKey.Other {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String engineId;
    private final String alias;
    private final String algorithm;

    private TokenKey(String engineId, String alias, String algorithm) {
        this.engineId = engineId;
        this.alias = alias;
        this.algorithm = algorithm;
    }

    /** The handle for the key stored under {@code alias}, whose certificate holds {@code publicKey}. */
    static TokenKey of(String engineId, String alias, PublicKey publicKey) {
        if (publicKey instanceof RSAPublicKey rsa) {
            return new Rsa(engineId, alias, rsa.getModulus());
        }
        if (publicKey instanceof ECPublicKey ec) {
            return new Ec(engineId, alias, ec.getParams());
        }
        return new Other(engineId, alias, publicKey.getAlgorithm());
    }

    @Override
    public String engineId() {
        return engineId;
    }

    /** The key's alias (its CKA_LABEL) in the token. */
    public String alias() {
        return alias;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenKey key && key.getClass() == getClass()
                && key.engineId.equals(engineId) && key.alias.equals(alias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(engineId, alias);
    }

    @Override
    public String toString() {
        return algorithm + " key '" + alias + "' in engine " + engineId + " (stays in the token)";
    }

    /** An RSA key in the token. */
    static final class Rsa extends TokenKey implements RSAKey {
        @Serial
        private static final long serialVersionUID = 1L;
        private final BigInteger modulus;

        Rsa(String engineId, String alias, BigInteger modulus) {
            super(engineId, alias, "RSA");
            this.modulus = modulus;
        }

        @Override
        public BigInteger getModulus() {
            return modulus;
        }

        /** A plain RSA key: no RSASSA-PSS parameters bound to it. */
        @Override
        public AlgorithmParameterSpec getParams() {
            return null;
        }
    }

    /** An EC key in the token. */
    static final class Ec extends TokenKey implements ECKey {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient ECParameterSpec params;

        Ec(String engineId, String alias, ECParameterSpec params) {
            super(engineId, alias, "EC");
            this.params = params;
        }

        @Override
        public ECParameterSpec getParams() {
            return params;
        }
    }

    /** Any other key type the token holds (offered, but only RSA and EC are signed with). */
    static final class Other extends TokenKey {
        @Serial
        private static final long serialVersionUID = 1L;

        Other(String engineId, String alias, String algorithm) {
            super(engineId, alias, algorithm);
        }
    }
}
