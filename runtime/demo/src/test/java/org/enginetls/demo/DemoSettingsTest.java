package org.enginetls.demo;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.junit.Test;

public class DemoSettingsTest {

    private static final Function<String, String> NO_PROPERTIES = key -> null;

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    public void withoutConfigurationListensOnLoopback8443AndKeepsDataInTheWorkingDirectory() {
        DemoSettings settings = DemoSettings.from(Map.of(), NO_PROPERTIES);

        assertEquals("127.0.0.1", settings.address());
        assertEquals(8443, settings.port());
        assertEquals(Path.of("data"), settings.dataDirectory());
        assertNull(settings.keyStore());
    }

    @Test
    public void frameworkPropertiesSetWhatTheConfigurationLeavesOut() {
        Map<String, Object> properties = map(
                "enginetls.demo.address", "::1", "enginetls.demo.port", "1234", "enginetls.demo.data", "/tmp/x");

        DemoSettings settings = DemoSettings.from(map("port", 9443), key -> (String) properties.get(key));

        assertEquals("::1", settings.address());
        assertEquals(9443, settings.port());
        assertEquals(Path.of("/tmp/x"), settings.dataDirectory());
    }

    @Test
    public void configurationTakesStringsAsWellAsTypedValues() {
        DemoSettings settings = DemoSettings.from(
                map("address", "0.0.0.0", "port", "7443", "data", "d", "keystore", "k.p12", "keystore.password", "pw"),
                NO_PROPERTIES);

        assertEquals("0.0.0.0", settings.address());
        assertEquals(7443, settings.port());
        assertEquals(Path.of("d"), settings.dataDirectory());
        assertEquals(Path.of("k.p12"), settings.keyStore());
        assertArrayEquals("pw".toCharArray(), settings.keyStorePassword());
        assertThat(settings.toString(), not(containsString("pw")));
    }

    @Test
    public void keystoreMayNameAKeyInTheEngineTlsKeyStore() {
        DemoSettings settings = DemoSettings.from(map("keystore", "EngineTLS:pkcs11/server"), NO_PROPERTIES);

        assertEquals("pkcs11/server", settings.engineKey());
        assertNull(settings.keyStore());
        assertThat(settings.toString(), containsString("keystore=EngineTLS:pkcs11/server"));
        IllegalArgumentException noAlias = assertThrows(IllegalArgumentException.class,
                () -> DemoSettings.from(map("keystore", "EngineTLS:"), NO_PROPERTIES));
        assertThat(noAlias.getMessage(), containsString("EngineTLS:<engine id>/<alias>"));
    }

    @Test
    public void blankValuesCountAsAbsent() {
        DemoSettings settings = DemoSettings.from(map("keystore", " ", "port", ""), key -> " ");

        assertNull(settings.keyStore());
        assertEquals(8443, settings.port());
    }

    @Test
    public void portMustBeANumberWithinRange() {
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.from(map("port", "x"), NO_PROPERTIES));
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.from(map("port", 65536), NO_PROPERTIES));
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.from(map("port", -1), NO_PROPERTIES));
    }

    @Test
    public void keystoreWithoutPasswordIsRejectedNamingTheKeyAndTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoSettings.from(map("keystore", "k.p12"), NO_PROPERTIES));
        assertThat(e.getMessage(), containsString("keystore.password"));
        assertThat(e.getMessage(), containsString("enginetls.demo.keystore.password"));
    }
}
