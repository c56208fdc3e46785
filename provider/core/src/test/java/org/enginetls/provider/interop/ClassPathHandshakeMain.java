package org.enginetls.provider.interop;

import java.security.Provider;
import java.security.Security;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.testing.EnginePair;

/**
 * Run in a child JVM by {@link PlainClassPathTest}: uses EngineTLS the way a plain class-path
 * application does, by provider name only, with the provider installed through a
 * {@code security.provider.N} line. Prints one {@value #RESULT} line of {@code key=value} pairs.
 */
public final class ClassPathHandshakeMain {

    /** The start of the line the test reads. */
    static final String RESULT = "RESULT";

    private ClassPathHandshakeMain() {
    }

    public static void main(String[] args) throws Exception {
        Provider installed = Security.getProvider("EngineTLS");
        if (installed == null) {
            System.out.println(RESULT + " provider=none");
            return;
        }
        SSLContext server = SSLContext.getInstance("TLSv1.3", "EngineTLS");
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(KeyType.EC_P256)), null, null);
        SSLContext client = SSLContext.getInstance("TLSv1.3", "EngineTLS");
        client.init(null, TestPki.trustManagers(), null);

        SSLEngine clientEngine = client.createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        EnginePair pair = new EnginePair(clientEngine, serverEngine).handshake();
        String echo = pair.roundTrip("ping");

        System.out.println(RESULT
                + " provider=" + server.getProvider().getName()
                + " class=" + installed.getClass().getName()
                + " position=" + position(installed)
                + " protocol=" + pair.clientSession().getProtocol()
                + " echo=" + echo
                + " engineSignatures=" + CountingSignEngine.signatures()
                + " engines=" + engines(installed));
    }

    /** The engines the provider lists, as {@code id:STATE} separated by commas. */
    private static String engines(Provider provider) {
        return ((EngineTlsProvider) provider).runtime().getEngines().stream()
                .map(engine -> engine.id + ":" + engine.state).collect(Collectors.joining(","));
    }

    private static int position(Provider provider) {
        Provider[] providers = Security.getProviders();
        for (int i = 0; i < providers.length; i++) {
            if (providers[i] == provider) {
                return i + 1;
            }
        }
        return -1;
    }
}
