package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;

import java.security.Security;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.EnginePair;
import org.junit.Test;

public class SmokeHandshakeTest {

    @Test
    public void tls13HandshakeWithEcdsa() throws Exception {
        EngineTlsProvider provider = new EngineTlsProvider();
        SSLContext server = SSLContext.getInstance("TLSv1.3", provider);
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.RSA_2048)), null, null);
        SSLContext client = SSLContext.getInstance("TLSv1.3", provider);
        client.init(null, TestPki.trustManagers(), null);
        SSLEngine c = client.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s).handshake();
        assertEquals("TLSv1.3", pair.clientSession().getProtocol());
        assertEquals("hello", pair.roundTrip("hello"));
    }
}
