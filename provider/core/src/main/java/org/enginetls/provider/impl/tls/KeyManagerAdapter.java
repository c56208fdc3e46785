package org.enginetls.provider.impl.tls;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.interfaces.EdECPrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Lets key managers written for the JSSE's standard key type names (the JDK's {@code SunX509} and
 * {@code PKIX} managers, and most application ones) serve BouncyCastle's TLS stack.
 *
 * <p>BouncyCastle asks for credentials with its own key type names ({@code EC/secp256r1},
 * {@code ECDHE_ECDSA}, {@code Ed25519}, ...) which those managers do not know, so plain BCJSSE finds
 * "no selectable cipher suite" for every EC or EdDSA key they hold. This adapter asks the manager
 * with the standard name and keeps only an alias whose certificate satisfies BouncyCastle's
 * constraint (the curve, the EdDSA variant), preferring one whose chain is signed as the peer accepts
 * ({@link PeerCertificateSignatures}). Managers from BouncyCastle itself are left as they are.
 *
 * <p>BouncyCastle also recognises an Ed25519 or Ed448 certificate only by its public key's algorithm
 * and private key algorithm names, which the JDK reports as {@code EdDSA}; such leaf certificates
 * are handed over as parsed by BouncyCastle's certificate factory (once per certificate) and such
 * keys under their curve's name.
 *
 * <p>The engine BCJSSE passes is its own; the manager is handed the application's ({@link FacingEngines}).
 * Whether a server key was found is noted for the connection ({@link ServerKeySearches}).
 */
final class KeyManagerAdapter extends X509ExtendedKeyManager {

    private final X509KeyManager keyManager;
    private final CertificateFactory bouncyCastleCertificates;
    private final FacingEngines facing;
    private final ServerKeySearches searches;
    private final Map<X509Certificate, X509Certificate> reparsed = Collections.synchronizedMap(new WeakHashMap<>());

    private KeyManagerAdapter(X509KeyManager keyManager, CertificateFactory bouncyCastleCertificates, FacingEngines facing,
            ServerKeySearches searches) {
        this.keyManager = keyManager;
        this.bouncyCastleCertificates = bouncyCastleCertificates;
        this.facing = facing;
        this.searches = searches;
    }

    static KeyManager[] adapt(KeyManager[] keyManagers, CertificateFactory bouncyCastleCertificates, FacingEngines facing,
            ServerKeySearches searches) {
        if (keyManagers == null) {
            return null;
        }
        KeyManager[] adapted = keyManagers.clone();
        for (int i = 0; i < adapted.length; i++) {
            if (adapted[i] instanceof X509KeyManager x509 && !x509.getClass().getName().startsWith("org.bouncycastle.")) {
                adapted[i] = new KeyManagerAdapter(x509, bouncyCastleCertificates, facing, searches);
            }
        }
        return adapted;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine tlsEngine) {
        SSLEngine engine = facing.of(tlsEngine);
        String alias = chooseServer(keyType, issuers, handshakeSession(tlsEngine),
                standardName -> keyManager instanceof X509ExtendedKeyManager extended
                        ? extended.chooseEngineServerAlias(standardName, issuers, engine) : null);
        searches.searched(tlsEngine, alias);
        return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        String alias = chooseServer(keyType, issuers, handshakeSession(socket),
                standardName -> keyManager.chooseServerAlias(standardName, issuers, socket));
        searches.searched(socket, alias);
        return alias;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine tlsEngine) {
        SSLEngine engine = facing.of(tlsEngine);
        return chooseClient(keyTypes, issuers, handshakeSession(tlsEngine),
                standardName -> keyManager instanceof X509ExtendedKeyManager extended
                        ? extended.chooseEngineClientAlias(new String[] {standardName}, issuers, engine)
                        : keyManager.chooseClientAlias(new String[] {standardName}, issuers, null));
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseClient(keyTypes, issuers, handshakeSession(socket),
                standardName -> keyManager.chooseClientAlias(new String[] {standardName}, issuers, socket));
    }

    /**
     * The manager's own choice for the standard key type when it satisfies BouncyCastle's constraint
     * (the manager may rank by SNI and validity) and is signed as the peer accepts; otherwise the first
     * alias of that type that is. When no chain is signed as the peer accepts, the one the manager would
     * have chosen: RFC 8446 4.4.2.2 has the server send a chain of its choice then, and the peer decide.
     */
    private String chooseServer(String keyType, Principal[] issuers, SSLSession handshake,
            UnaryOperator<String> managersChoice) {
        KeyTypeMapping mapping = KeyTypeMapping.of(keyType);
        PeerCertificateSignatures signatures = PeerCertificateSignatures.of(handshake);
        String alias = managersChoice.apply(mapping.standardName());
        if (mapping.accepts(chainOf(alias)) && signatures.satisfiedBy(chainOf(alias))) {
            return alias;
        }
        String[] aliases = keyManager.getServerAliases(mapping.standardName(), issuers);
        String signedAsAccepted = firstAccepted(mapping, signatures, aliases);
        if (signedAsAccepted != null) {
            return signedAsAccepted;
        }
        return mapping.accepts(chainOf(alias)) ? alias : firstAccepted(mapping, PeerCertificateSignatures.ANY, aliases);
    }

    /** The same as {@link #chooseServer} for each key type the client may use, in BouncyCastle's order. */
    private String chooseClient(String[] keyTypes, Principal[] issuers, SSLSession handshake,
            UnaryOperator<String> managersChoice) {
        PeerCertificateSignatures signatures = PeerCertificateSignatures.of(handshake);
        List<PeerCertificateSignatures> preferences = signatures == PeerCertificateSignatures.ANY
                ? List.of(signatures) : List.of(signatures, PeerCertificateSignatures.ANY);
        for (PeerCertificateSignatures required : preferences) {
            for (String keyType : keyTypes) {
                KeyTypeMapping mapping = KeyTypeMapping.of(keyType);
                String alias = managersChoice.apply(mapping.standardName());
                if (!mapping.accepts(chainOf(alias)) || !required.satisfiedBy(chainOf(alias))) {
                    alias = firstAccepted(mapping, required, keyManager.getClientAliases(mapping.standardName(), issuers));
                }
                if (alias != null) {
                    return alias;
                }
            }
        }
        return null;
    }

    private static SSLSession handshakeSession(SSLEngine engine) {
        return engine == null ? null : engine.getHandshakeSession();
    }

    private static SSLSession handshakeSession(Socket socket) {
        return socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keyManager.getClientAliases(KeyTypeMapping.of(keyType).standardName(), issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keyManager.getServerAliases(KeyTypeMapping.of(keyType).standardName(), issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509Certificate[] chain = keyManager.getCertificateChain(alias);
        if (chain == null || chain.length == 0 || !"EdDSA".equals(chain[0].getPublicKey().getAlgorithm())) {
            return chain;
        }
        X509Certificate[] copy = chain.clone();
        copy[0] = reparsed.computeIfAbsent(chain[0], this::parseWithBouncyCastle);
        return copy;
    }

    private X509Certificate parseWithBouncyCastle(X509Certificate certificate) {
        try {
            return (X509Certificate) bouncyCastleCertificates.generateCertificate(
                    new ByteArrayInputStream(certificate.getEncoded()));
        } catch (CertificateException e) {
            return certificate;
        }
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        PrivateKey key = keyManager.getPrivateKey(alias);
        if (key instanceof EdECPrivateKey edKey && "EdDSA".equals(key.getAlgorithm())) {
            return new NamedEdDsaPrivateKey(edKey);
        }
        return key;
    }

    private X509Certificate[] chainOf(String alias) {
        return alias == null ? null : keyManager.getCertificateChain(alias);
    }

    private String firstAccepted(KeyTypeMapping mapping, PeerCertificateSignatures signatures, String[] aliases) {
        if (aliases != null) {
            for (String alias : aliases) {
                X509Certificate[] chain = chainOf(alias);
                if (mapping.accepts(chain) && signatures.satisfiedBy(chain)) {
                    return alias;
                }
            }
        }
        return null;
    }
}
