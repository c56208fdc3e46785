package org.enginetls.demo;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.Test;

public class DemoSettingsTest {

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    public void withoutOptionsListensOnLoopback8443AndKeepsDataInTheWorkingDirectory() {
        DemoSettings settings = DemoSettings.parse(new String[0], new Properties());

        assertEquals("127.0.0.1", settings.address());
        assertEquals(8443, settings.port());
        assertEquals(Path.of("data"), settings.dataDirectory());
        assertNull(settings.keyStore());
    }

    @Test
    public void systemPropertiesSetWhatTheCommandLineLeavesOut() {
        DemoSettings settings = DemoSettings.parse(new String[] {"--port", "9443"}, properties(
                "enginetls.demo.address", "::1", "enginetls.demo.port", "1234", "enginetls.demo.data", "/tmp/x"));

        assertEquals("::1", settings.address());
        assertEquals(9443, settings.port());
        assertEquals(Path.of("/tmp/x"), settings.dataDirectory());
    }

    @Test
    public void optionsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgument() {
        DemoSettings settings = DemoSettings.parse(
                new String[] {"--address=0.0.0.0", "--data", "d", "--keystore=k.p12", "--keystore-password", "pw"},
                new Properties());

        assertEquals("0.0.0.0", settings.address());
        assertEquals(Path.of("d"), settings.dataDirectory());
        assertEquals(Path.of("k.p12"), settings.keyStore());
        assertArrayEquals("pw".toCharArray(), settings.keyStorePassword());
        assertThat(settings.toString(), not(containsString("pw]")));
    }

    @Test
    public void unknownOptionIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoSettings.parse(new String[] {"--prot", "1"}, new Properties()));
        assertThat(e.getMessage(), containsString("--prot"));
    }

    @Test
    public void portMustBeANumberWithinRange() {
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.parse(new String[] {"--port", "x"}, new Properties()));
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.parse(new String[] {"--port", "65536"}, new Properties()));
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.parse(new String[] {"--port"}, new Properties()));
    }

    @Test
    public void keystoreWithoutPasswordIsRejectedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoSettings.parse(new String[] {"--keystore", "k.p12"}, new Properties()));
        assertThat(e.getMessage(), containsString("--keystore-password"));
    }

    @Test
    public void usageNamesEveryOptionAndItsSystemProperty() {
        String usage = DemoSettings.usage();
        for (DemoSettings.Option option : DemoSettings.Option.values()) {
            assertThat(usage, containsString(option.flag));
            assertThat(usage, containsString(option.property));
        }
    }
}
