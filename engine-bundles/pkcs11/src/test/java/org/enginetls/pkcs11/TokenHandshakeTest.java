package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509KeyManager;

import org.enginetls.engine.EngineKey;
import org.enginetls.engine.OperationKind;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.testing.AsyncEnginePair;
import org.enginetls.testing.EnginePair;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * TLS 1.3 and 1.2 handshakes whose server signature is made inside a SoftHSM2 token, with the RSA-2048
 * and the P-256 key generated there, driven synchronously and in async mode: the JDK's own key manager
 * picks an {@link EngineKey} from the engine's key store and EngineTLS routes its signature to the engine.
 */
@RunWith(Parameterized.class)
public class TokenHandshakeTest {

    @Parameters(name = "{0} {1} {2} async={3}")
    public static List<Object[]> parameters() {
        List<Object[]> parameters = new ArrayList<>();
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (String key : new String[] {SoftHsm.RSA, SoftHsm.EC}) {
                parameters.add(new Object[] {protocol, key, "SunX509", false});
                parameters.add(new Object[] {protocol, key, "PKIX", true});
            }
        }
        return parameters;
    }

    private static Pkcs11Engine engine;
    private static ProviderCore core;

    private final String protocol;
    private final String keyAlias;
    private final String keyManagerAlgorithm;
    private final boolean async;

    public TokenHandshakeTest(String protocol, String keyAlias, String keyManagerAlgorithm, boolean async) {
        this.protocol = protocol;
        this.keyAlias = keyAlias;
        this.keyManagerAlgorithm = keyManagerAlgorithm;
        this.async = async;
    }

    @BeforeClass
    public static void tokenWithKeys() throws Exception {
        SoftHsm hsm = SoftHsm.create();
        SoftHsm.Token token = hsm.initToken("handshakes");
        SoftHsm.addKeys(token);
        engine = new Pkcs11Engine(token.settings());
        assertTrue(String.valueOf(engine.health()), engine.available());
        core = TokenTls.core(engine);
    }

    @AfterClass
    public static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    public void serverSignatureIsMadeInsideTheToken() throws Exception {
        long signaturesBefore = engine.signatures();
        long completedBefore = core.registry().find(engine.id()).statistics().completedCount();

        SSLEngine server = TokenTls.server(core, engine, keyManagerAlgorithm, protocol).createSSLEngine();
        server.setUseClientMode(false);
        SSLEngine client = TokenTls.client(protocol, keyAlias);
        String echoed;
        SSLSession session;
        if (async) {
            AsyncEnginePair pair = new AsyncEnginePair(client, server).handshake();
            echoed = pair.roundTrip("hello token");
            session = client.getSession();
        } else {
            EnginePair pair = new EnginePair(client, server).handshake();
            echoed = pair.roundTrip("hello token");
            session = pair.clientSession();
        }

        assertEquals("hello token", echoed);
        assertEquals(protocol, session.getProtocol());
        X509Certificate serverCertificate = (X509Certificate) session.getPeerCertificates()[0];
        assertEquals("the server presented the certificate stored with the token key",
                engine.keyStore().getCertificate(keyAlias), serverCertificate);
        assertEquals("one signature by the token", 1, engine.signatures() - signaturesBefore);
        assertEquals("the router completed it on the pkcs11 engine", 1,
                core.registry().find(engine.id()).statistics().completedCount() - completedBefore);
    }

    @Test
    public void keyManagerHandsOutAHandleNotTheKey() throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(keyManagerAlgorithm, "SunJSSE");
        factory.init(engine.keyStore(), new char[0]);
        X509KeyManager keyManager = (X509KeyManager) factory.getKeyManagers()[0];
        String alias = keyManager.chooseServerAlias(SoftHsm.RSA.equals(keyAlias) ? "RSA" : "EC", null, null);

        assertTrue(alias, alias != null && alias.contains(keyAlias));
        assertTrue(keyManager.getPrivateKey(alias) instanceof EngineKey);
        EngineKey key = (EngineKey) keyManager.getPrivateKey(alias);
        assertEquals(engine.id(), key.engineId());
        assertNull("the private key never leaves the token", key.getEncoded());
        assertTrue(engine.capabilities().supports(OperationKind.SIGN, "SHA256withECDSA"));
    }
}
