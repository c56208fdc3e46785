package org.enginetls.provider.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.enginetls.engine.CryptoEngine;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.PeerProcess;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.testing.EnginePair;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The plain class-path world (no OSGi): the provider installed by a {@code security.provider.N}
 * line and found through {@code META-INF/services/java.security.Provider}, engines found with
 * {@link java.util.ServiceLoader}, and {@link Security#addProvider} in process. The first two need
 * a JVM of their own (the provider list is read once per JVM), so they run a child JVM with this
 * JVM's java binary and class path.
 */
public class PlainClassPathTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @After
    public void removeProvider() {
        Security.removeProvider(EngineTlsProvider.NAME);
    }

    @Test
    public void securityProviderLineInstallsEngineTlsForTls13ByName() throws Exception {
        Map<String, String> result = runChild(List.of());

        assertEquals(EngineTlsProvider.NAME, result.get("provider"));
        assertEquals(EngineTlsProvider.class.getName(), result.get("class"));
        assertEquals("last, at the position the security.provider line gave",
                Integer.toString(nextFreeProviderNumber()), result.get("position"));
        assertEquals("TLSv1.3", result.get("protocol"));
        assertEquals("ping", result.get("echo"));
        assertEquals("without its services file the counting engine is not loaded", "0", result.get("engineSignatures"));
    }

    @Test
    public void engineListedInServicesFileSignsTheHandshake() throws Exception {
        Path engines = folder.newFolder("engines").toPath();
        Path services = engines.resolve("META-INF/services/" + CryptoEngine.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, CountingSignEngine.class.getName() + "\n", StandardCharsets.UTF_8);

        Map<String, String> result = runChild(List.of(engines));

        assertEquals(EngineTlsProvider.NAME, result.get("provider"));
        assertEquals("TLSv1.3", result.get("protocol"));
        assertEquals("ping", result.get("echo"));
        assertTrue("the server's CertificateVerify was signed by the ServiceLoader engine: " + result,
                Integer.parseInt(result.get("engineSignatures")) > 0);
    }

    @Test
    public void classPathEnginesOffLeavesTheServicesFileUnread() throws Exception {
        Path engines = folder.newFolder("engines").toPath();
        Path services = engines.resolve("META-INF/services/" + CryptoEngine.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, CountingSignEngine.class.getName() + "\n", StandardCharsets.UTF_8);

        Map<String, String> result = runChild(List.of(engines), List.of("-Dorg.enginetls.provider.classPathEngines=false"));

        assertEquals("ping", result.get("echo"));
        assertEquals("the listed engine was not loaded", "0", result.get("engineSignatures"));
        assertEquals("software:ACTIVE", result.get("engines"));
    }

    @Test
    public void engineThatRejectsItsSettingIsListedFailedAndTheProviderAndOtherEnginesStay() throws Exception {
        Path engines = folder.newFolder("engines").toPath();
        Path services = engines.resolve("META-INF/services/" + CryptoEngine.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, SettingRejectingEngine.class.getName() + "\n" + CountingSignEngine.class.getName() + "\n",
                StandardCharsets.UTF_8);

        Map<String, String> result = runChild(List.of(engines), List.of("-D" + SettingRejectingEngine.PID + ".threads=abc"));

        assertEquals("the security.provider line still installs EngineTLS", EngineTlsProvider.NAME, result.get("provider"));
        assertEquals("ping", result.get("echo"));
        assertTrue("the other engine signed: " + result, Integer.parseInt(result.get("engineSignatures")) > 0);
        List<String> listed = List.of(result.get("engines").split(","));
        assertTrue(listed.toString(), listed.contains(SettingRejectingEngine.class.getName() + ":FAILED"));
        assertTrue(listed.toString(), listed.contains("counting-sign:ACTIVE"));
        assertTrue(listed.toString(), listed.contains("software:ACTIVE"));
    }

    @Test
    public void providerAddedInProcessServesTlsContextByName() throws Exception {
        assertNull(Security.getProvider(EngineTlsProvider.NAME));
        EngineTlsProvider provider = new EngineTlsProvider();
        assertTrue(Security.addProvider(provider) > 0);

        SSLContext server = SSLContext.getInstance("TLS", EngineTlsProvider.NAME);
        server.init(TestPki.keyManagers("SunX509", TestPki.leaf(TestPki.KeyType.EC_P256)), null, null);
        SSLContext client = SSLContext.getInstance("TLS", EngineTlsProvider.NAME);
        client.init(null, TestPki.trustManagers(), null);
        SSLEngine clientEngine = client.createSSLEngine("localhost", 443);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        EnginePair pair = new EnginePair(clientEngine, serverEngine).handshake();

        assertSame(provider, server.getProvider());
        assertSame(provider, client.getProvider());
        assertEquals("TLSv1.3", pair.clientSession().getProtocol());
        assertEquals("ping", pair.roundTrip("ping"));
    }

    /** Runs {@link ClassPathHandshakeMain} in a child JVM with EngineTLS installed by a security properties file. */
    private Map<String, String> runChild(List<Path> extraClassPath) throws Exception {
        return runChild(extraClassPath, List.of());
    }

    private Map<String, String> runChild(List<Path> extraClassPath, List<String> jvmOptions) throws Exception {
        Path properties = folder.newFile("enginetls.security").toPath();
        Files.writeString(properties, "security.provider." + nextFreeProviderNumber() + "=" + EngineTlsProvider.NAME + "\n",
                StandardCharsets.ISO_8859_1);
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        extraClassPath.forEach(path -> classPath.append(File.pathSeparator).append(path));

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-Djava.security.properties=" + properties);
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath.toString());
        command.add(ClassPathHandshakeMain.class.getName());

        try (PeerProcess child = PeerProcess.start(folder.getRoot().toPath(), command)) {
            String line = child.awaitLineStartingWith(ClassPathHandshakeMain.RESULT + " ");
            child.awaitSuccess();
            Map<String, String> result = new HashMap<>();
            for (String pair : line.substring(ClassPathHandshakeMain.RESULT.length() + 1).split(" ")) {
                int equals = pair.indexOf('=');
                result.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            return result;
        }
    }

    /** The first {@code security.provider.N} the JDK's configuration leaves free. */
    private static int nextFreeProviderNumber() {
        int n = 1;
        while (Security.getProperty("security.provider." + n) != null) {
            n++;
        }
        return n;
    }
}
