package org.enginetls.container;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Properties;

/**
 * How the Gogo shell runs, told to the shell bundle through its {@code gosh.args} property.
 *
 * <ul>
 * <li><b>Console</b> (a terminal, or {@code -Denginetls.shell=true}): the shell reads standard
 * input; its end, {@code stop 0} or Ctrl-D stops the framework.
 * <li><b>Service</b> (no terminal, or {@code -Denginetls.shell=false}): no console at all, so a
 * closed or empty standard input stops nothing; the container runs until SIGTERM or SIGINT.
 * </ul>
 *
 * With {@code -Denginetls.shell.telnet.port=N} either mode also starts Gogo's {@code telnetd} on
 * 127.0.0.1:N, never another address: it has no authentication. A {@code gosh.args} set by the
 * user is left as it is.
 */
final class ShellMode {

    static final String SHELL = "enginetls.shell";
    static final String TELNET_PORT = "enginetls.shell.telnet.port";
    static final String GOSH_ARGS = "gosh.args";

    /** Gogo's telnetd runs every connection's commands with the JVM's rights: loopback only. */
    static final String TELNET_ADDRESS = "127.0.0.1";

    private final boolean console;
    private final int telnetPort;

    private ShellMode(boolean console, int telnetPort) {
        this.console = console;
        this.telnetPort = telnetPort;
    }

    /**
     * The mode the properties ask for; with {@value #SHELL} unset, a console exactly when
     * {@code terminal}.
     *
     * @throws IllegalArgumentException for a value that is not a boolean or a port
     */
    static ShellMode choose(Properties properties, boolean terminal) {
        String shell = properties.getProperty(SHELL, "").trim();
        boolean console;
        if (shell.isEmpty()) {
            console = terminal;
        } else if (shell.equalsIgnoreCase("true") || shell.equalsIgnoreCase("false")) {
            console = Boolean.parseBoolean(shell);
        } else {
            throw new IllegalArgumentException(SHELL + "=" + shell + " is neither true nor false "
                    + "(leave it unset to have a shell exactly when standard input and output are a terminal)");
        }
        return new ShellMode(console, port(properties.getProperty(TELNET_PORT, "").trim()));
    }

    private static int port(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(TELNET_PORT + "=" + value + " is not a TCP port (1-65535); "
                + "leave it unset for no remote shell");
    }

    /** Whether this JVM's standard input and output are a terminal. */
    static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ may give a Console that is not a terminal; this class is compiled for Java 8
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    boolean console() {
        return console;
    }

    int telnetPort() {
        return telnetPort;
    }

    /**
     * The shell bundle's arguments for this mode. Its activator runs {@code gosh --login <these>};
     * a second statement after {@code ;} is run by the same session.
     */
    String goshArgs() {
        String telnetd = telnetPort == 0 ? ""
                : " -c telnetd --ip=" + TELNET_ADDRESS + " --port=" + telnetPort + " start";
        if (!console) {
            return "--nointeractive --noshutdown" + telnetd;
        }
        return telnetd.isEmpty() ? "" : "--nointeractive --noshutdown" + telnetd + " ; gosh --login";
    }

    /** Sets {@value #GOSH_ARGS} in {@code properties} unless it is set already. */
    void apply(Properties properties) {
        if (properties.getProperty(GOSH_ARGS) == null) {
            properties.setProperty(GOSH_ARGS, goshArgs());
        }
    }
}
