package org.enginetls.container;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Properties;

import org.junit.Test;

public class ShellModeTest {

    private static final String SERVICE = "--nointeractive --noshutdown";

    @Test
    public void aTerminalGetsTheConsoleShellAsBefore() {
        ShellMode mode = ShellMode.choose(properties(), true);

        assertTrue(mode.console());
        assertEquals("", mode.goshArgs());
    }

    @Test
    public void withoutATerminalNoShellReadsStandardInputAndItsEndStopsNothing() {
        ShellMode mode = ShellMode.choose(properties(), false);

        assertFalse(mode.console());
        assertEquals(SERVICE, mode.goshArgs());
    }

    @Test
    public void theSettingOverridesWhatTheTerminalSuggests() {
        assertEquals(SERVICE, ShellMode.choose(properties(ShellMode.SHELL, "false"), true).goshArgs());
        assertEquals("", ShellMode.choose(properties(ShellMode.SHELL, "TRUE"), false).goshArgs());
    }

    @Test
    public void theRemoteShellListensOnLoopbackOnlyInEitherMode() {
        String telnetd = " -c telnetd --ip=127.0.0.1 --port=2019 start";

        assertEquals(SERVICE + telnetd, ShellMode.choose(properties(ShellMode.TELNET_PORT, "2019"), false).goshArgs());
        assertEquals(SERVICE + telnetd + " ; gosh --login", ShellMode.choose(properties(ShellMode.TELNET_PORT, "2019"), true).goshArgs());
    }

    @Test
    public void badValuesAreRejectedNamingTheSettingAndWhatIsAllowed() {
        IllegalArgumentException shell = assertThrows(IllegalArgumentException.class,
                () -> ShellMode.choose(properties(ShellMode.SHELL, "yes"), true));
        assertThat(shell.getMessage(), containsString("enginetls.shell=yes is neither true nor false"));
        for (String port : new String[] {"0", "65536", "telnet"}) {
            IllegalArgumentException telnet = assertThrows(IllegalArgumentException.class,
                    () -> ShellMode.choose(properties(ShellMode.TELNET_PORT, port), false));
            assertThat(telnet.getMessage(), containsString("enginetls.shell.telnet.port=" + port + " is not a TCP port (1-65535)"));
        }
    }

    @Test
    public void goshArgsSetByTheUserAreKept() {
        Properties properties = properties(ShellMode.GOSH_ARGS, "--noshutdown");

        ShellMode.choose(properties, false).apply(properties);

        assertEquals("--noshutdown", properties.getProperty(ShellMode.GOSH_ARGS));
    }

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
