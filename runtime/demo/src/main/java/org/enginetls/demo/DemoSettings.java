package org.enginetls.demo;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the demo server is told: where to listen, where to keep its files, and which keystore to
 * use. Each setting comes from the component's configuration (Configuration Admin, PID
 * {@value #PID}), else from the framework (or system) property {@code enginetls.demo.<key>}, else
 * from its default — the way Felix HTTP reads {@code org.osgi.service.http.port}.
 *
 * @param address the address to listen on (a host name or IP literal)
 * @param port the TCP port; 0 picks a free one
 * @param dataDirectory where a generated keystore is kept between starts
 * @param keyStore a keystore (PKCS#12 or JKS) to use instead of the generated one, or {@code null}
 * @param keyStorePassword the password of {@code keyStore} and of its key
 * @param engineKey the alias of a key in the EngineTLS provider's key store ({@code <engine id>/<alias>}, a key that an
 *        engine such as pkcs11 holds), given as {@code keystore=EngineTLS:<engine id>/<alias>}; or {@code null}
 */
public record DemoSettings(String address, int port, Path dataDirectory, Path keyStore, char[] keyStorePassword,
        String engineKey) {

    /** The configuration PID (and component name) of the demo server. */
    public static final String PID = "org.enginetls.demo";

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_DATA_DIRECTORY = "data";

    /** The prefix of a {@code keystore} value that names a key in the EngineTLS key store rather than a file. */
    public static final String ENGINE_KEY_PREFIX = "EngineTLS:";

    /** The prefix of the framework properties that stand in for absent configuration keys. */
    public static final String PROPERTY_PREFIX = "enginetls.demo.";

    /** The configuration keys. */
    public enum Key {
        ADDRESS("address"), PORT("port"), DATA("data"), KEYSTORE("keystore"), KEYSTORE_PASSWORD("keystore.password");

        private final String key;

        Key(String key) {
            this.key = key;
        }

        /** The key in the configuration dictionary. */
        public String key() {
            return key;
        }

        /** The framework (or system) property read when the configuration lacks the key. */
        public String property() {
            return PROPERTY_PREFIX + key;
        }
    }

    public DemoSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (engineKey != null && (keyStore != null || engineKey.isBlank())) {
            throw new IllegalArgumentException("keystore: give a file or " + ENGINE_KEY_PREFIX
                    + "<engine id>/<alias>, not both");
        }
        if (keyStore != null && keyStorePassword == null) {
            throw new IllegalArgumentException("a keystore needs a password: set " + Key.KEYSTORE_PASSWORD.key()
                    + " in the configuration " + PID + " or the property " + Key.KEYSTORE_PASSWORD.property());
        }
        keyStorePassword = keyStorePassword == null ? null : keyStorePassword.clone();
    }

    /** The defaults, on another port and data directory (what tests start). */
    public static DemoSettings of(int port, Path dataDirectory) {
        return new DemoSettings(DEFAULT_ADDRESS, port, dataDirectory, null, null, null);
    }

    /**
     * Reads {@code configuration} (the component's properties), falling back to
     * {@code properties} ({@code BundleContext::getProperty}) for the keys it lacks.
     *
     * @throws IllegalArgumentException with a message for the user if a value is bad
     */
    public static DemoSettings from(Map<String, ?> configuration, Function<String, String> properties) {
        Function<Key, String> value = key -> {
            Object configured = configuration.get(key.key());
            String text = configured == null ? properties.apply(key.property()) : String.valueOf(configured);
            return text == null || text.isBlank() ? null : text.trim();
        };
        String keyStore = value.apply(Key.KEYSTORE);
        String engineKey = keyStore != null && keyStore.startsWith(ENGINE_KEY_PREFIX)
                ? keyStore.substring(ENGINE_KEY_PREFIX.length()).trim() : null;
        if (engineKey != null) {
            if (engineKey.isEmpty()) {
                throw new IllegalArgumentException("keystore '" + keyStore + "' names no key: give "
                        + ENGINE_KEY_PREFIX + "<engine id>/<alias>, e.g. EngineTLS:pkcs11/server");
            }
            keyStore = null;
        }
        String password = value.apply(Key.KEYSTORE_PASSWORD);
        String data = value.apply(Key.DATA);
        String address = value.apply(Key.ADDRESS);
        return new DemoSettings(
                address == null ? DEFAULT_ADDRESS : address,
                parsePort(value.apply(Key.PORT)),
                Path.of(data == null ? DEFAULT_DATA_DIRECTORY : data),
                keyStore == null ? null : Path.of(keyStore),
                password == null ? null : password.toCharArray(),
                engineKey);
    }

    private static int parsePort(String value) {
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + value + "' is not a number");
        }
    }

    @Override
    public char[] keyStorePassword() {
        return keyStorePassword == null ? null : keyStorePassword.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DemoSettings that && address.equals(that.address) && port == that.port
                && dataDirectory.equals(that.dataDirectory) && Objects.equals(keyStore, that.keyStore)
                && Arrays.equals(keyStorePassword, that.keyStorePassword) && Objects.equals(engineKey, that.engineKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, port, dataDirectory, keyStore, engineKey);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DemoSettings[address=" + address + ", port=" + port + ", data=" + dataDirectory
                + ", keystore=" + (engineKey != null ? ENGINE_KEY_PREFIX + engineKey : keyStore) + "]";
    }
}
