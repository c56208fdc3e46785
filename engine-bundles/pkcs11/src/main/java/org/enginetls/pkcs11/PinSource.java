package org.enginetls.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.enginetls.engine.ConfigurationValues;

/**
 * Where the token's user PIN comes from: the value of {@code pin}, the contents of the file named by {@code pin.file}
 * (one line; a final line break is not part of the PIN), or the environment variable named by {@code pin.env}. At most
 * one of the three may be set, so that it is always clear which PIN the token was given. The file and the variable
 * keep the PIN out of configuration files and listings; the PIN itself is never in a message, status or log.
 */
final class PinSource {

    private PinSource() {
    }

    /** The PIN, or {@code null} when none of the keys is set (the engine then reports "no PIN configured"). */
    static String pin(ConfigurationValues values, Function<String, String> environment) {
        String pin = values.secret("pin");
        String file = values.text("pin.file");
        String variable = values.text("pin.env");
        if ((pin != null ? 1 : 0) + (file != null ? 1 : 0) + (variable != null ? 1 : 0) > 1) {
            return values.rejectCombination("set one of pin, pin.file and pin.env, not several", null);
        }
        if (file != null) {
            return fromFile(values, file);
        }
        if (variable != null) {
            String value = environment.apply(variable);
            if (value == null || value.isEmpty()) {
                return values.reject("pin.env", variable, "the name of an environment variable that is set in this"
                        + " process and holds the PIN", null);
            }
            return value;
        }
        return pin;
    }

    private static String fromFile(ConfigurationValues values, String file) {
        try {
            String contents = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            String pin = contents.endsWith("\r\n") ? contents.substring(0, contents.length() - 2)
                    : contents.endsWith("\n") ? contents.substring(0, contents.length() - 1) : contents;
            if (pin.isEmpty() || pin.contains("\n")) {
                return values.reject("pin.file", file, "a readable file holding the PIN on one line", null);
            }
            return pin;
        } catch (IOException | RuntimeException e) {
            return values.reject("pin.file", file, "a readable file holding the PIN on one line (" + e + ")", null);
        }
    }
}
