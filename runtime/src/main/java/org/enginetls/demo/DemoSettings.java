package org.enginetls.demo;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What the demo server is told: where to listen, where to keep its files, and which keystore to
 * use. Each setting comes from a command-line option, else from a system property, else from its
 * default.
 *
 * @param address the address to listen on (a host name or IP literal)
 * @param port the TCP port; 0 picks a free one
 * @param dataDirectory where a generated keystore is kept between starts
 * @param keyStore a keystore (PKCS#12 or JKS) to use instead of the generated one, or {@code null}
 * @param keyStorePassword the password of {@code keyStore} and of its key
 */
public record DemoSettings(String address, int port, Path dataDirectory, Path keyStore, char[] keyStorePassword) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_DATA_DIRECTORY = "data";

    /** The options, each with the system property that sets it when the option is absent. */
    enum Option {
        ADDRESS("--address", "enginetls.demo.address", "address to listen on (default " + DEFAULT_ADDRESS + ")"),
        PORT("--port", "enginetls.demo.port", "TCP port, 0 for any free port (default " + DEFAULT_PORT + ")"),
        DATA("--data", "enginetls.demo.data",
                "directory of the generated keystore (default ./" + DEFAULT_DATA_DIRECTORY + ", relative to the working directory)"),
        KEYSTORE("--keystore", "enginetls.demo.keystore",
                "PKCS#12 or JKS keystore to use instead of the generated one"),
        KEYSTORE_PASSWORD("--keystore-password", "enginetls.demo.keystore.password",
                "password of --keystore and of its key");

        final String flag;
        final String property;
        final String description;

        Option(String flag, String property, String description) {
            this.flag = flag;
            this.property = property;
            this.description = description;
        }

        static Option of(String flag) {
            for (Option option : values()) {
                if (option.flag.equals(flag)) {
                    return option;
                }
            }
            return null;
        }
    }

    public DemoSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (keyStore != null && keyStorePassword == null) {
            throw new IllegalArgumentException("a keystore needs a password: give " + Option.KEYSTORE_PASSWORD.flag
                    + " or -D" + Option.KEYSTORE_PASSWORD.property);
        }
        keyStorePassword = keyStorePassword == null ? null : keyStorePassword.clone();
    }

    /** The defaults, on another port and data directory (what tests start). */
    public static DemoSettings of(int port, Path dataDirectory) {
        return new DemoSettings(DEFAULT_ADDRESS, port, dataDirectory, null, null);
    }

    /**
     * Reads {@code args} ({@code --option value} or {@code --option=value}), falling back to
     * {@code properties} for options not given.
     *
     * @throws IllegalArgumentException with a message for the user if an option is unknown or bad
     */
    public static DemoSettings parse(String[] args, Properties properties) {
        Map<Option, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            Option option = Option.of(flag);
            if (option == null) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (equals >= 0) {
                given.put(option, arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                given.put(option, args[++i]);
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
        }
        for (Option option : Option.values()) {
            String value = properties.getProperty(option.property);
            if (value != null) {
                given.putIfAbsent(option, value);
            }
        }
        String keyStore = given.get(Option.KEYSTORE);
        String password = given.get(Option.KEYSTORE_PASSWORD);
        return new DemoSettings(
                given.getOrDefault(Option.ADDRESS, DEFAULT_ADDRESS),
                parsePort(given.get(Option.PORT)),
                Path.of(given.getOrDefault(Option.DATA, DEFAULT_DATA_DIRECTORY)),
                keyStore == null ? null : Path.of(keyStore),
                password == null ? null : password.toCharArray());
    }

    private static int parsePort(String value) {
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + value + "' is not a number");
        }
    }

    /** The usage text: every option with its system property. */
    public static String usage() {
        StringBuilder text = new StringBuilder("usage: java -jar enginetls-runtime.jar [options]\n");
        for (Option option : Option.values()) {
            text.append(String.format("  %-29s %s%n  %-29s (system property %s)%n",
                    option.flag + " <value>", option.description, "", option.property));
        }
        text.append(String.format("  %-29s %s%n", "--help", "print this text"));
        return text.toString();
    }

    @Override
    public char[] keyStorePassword() {
        return keyStorePassword == null ? null : keyStorePassword.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DemoSettings that && address.equals(that.address) && port == that.port
                && dataDirectory.equals(that.dataDirectory) && Objects.equals(keyStore, that.keyStore)
                && Arrays.equals(keyStorePassword, that.keyStorePassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, port, dataDirectory, keyStore);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DemoSettings[address=" + address + ", port=" + port + ", data=" + dataDirectory
                + ", keystore=" + keyStore + "]";
    }
}
