package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.enginetls.engine.ConfigurationValues;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The engine's configuration keys: defaults, the token's three addresses, clear errors, no PIN in text. */
public class Pkcs11SettingsTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void defaultsAreTwoThreadsAQueueOf64AndTheFirstSlotWithAToken() {
        Pkcs11Settings settings = Pkcs11Settings.from(Map.of("library", "/lib/p11.so", "pin", "secret"));

        assertEquals(2, settings.threads());
        assertEquals(64, settings.queueSize());
        assertEquals(5_000, settings.retryMillis());
        assertEquals(200, settings.ranking());
        assertEquals("pkcs11", settings.id());
        assertNull(settings.slot());
        assertEquals("slot index 0", settings.slotDescription());
        assertEquals("--name=enginetls-pkcs11\nlibrary=/lib/p11.so\nslotListIndex=0\n",
                TokenConnection.configuration(settings, null));
    }

    @Test
    public void tokenIsAddressedBySlotIdIndexOrLabel() {
        assertEquals("slot 7", Pkcs11Settings.from(Map.of("slot", "7")).slotDescription());
        assertEquals("slot index 2", Pkcs11Settings.from(Map.of("slot.index", 2)).slotDescription());
        assertEquals("token 'web'", Pkcs11Settings.from(Map.of("token.label", "web")).slotDescription());
        assertEquals("--name=enginetls-a_b\nlibrary=\"/opt/my hsm/p11.so\"\nslot=7\n", TokenConnection.configuration(
                Pkcs11Settings.from(Map.of("slot", "7", "library", "/opt/my hsm/p11.so", "id", "a b")), null));
    }

    @Test
    public void severalAddressesOrBadNumbersAreRejectedByName() {
        IllegalArgumentException several = assertThrows(IllegalArgumentException.class,
                () -> Pkcs11Settings.from(Map.of("slot", "1", "token.label", "web")));
        assertTrue(several.getMessage(), several.getMessage().contains("one of slot, slot.index and token.label"));
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> Pkcs11Settings.from(Map.of("queue.size", "many")));
        assertTrue(notANumber.getMessage(), notANumber.getMessage().contains("'queue.size' of configuration org.enginetls.engine.pkcs11 = 'many' is not allowed: a whole number"));
        IllegalArgumentException noThreads = assertThrows(IllegalArgumentException.class,
                () -> Pkcs11Settings.from(Map.of("threads", "0")));
        assertTrue(noThreads.getMessage(), noThreads.getMessage().contains("'threads' of configuration org.enginetls.engine.pkcs11 = '0' is not allowed: a whole number from 1 to 256"));
    }

    @Test
    public void tokenIsNamedOnceInMessages() {
        assertEquals("the token 'web'", Pkcs11Settings.from(Map.of("token.label", "web")).token());
        assertEquals("the token in slot 7", Pkcs11Settings.from(Map.of("slot", "7")).token());
        assertEquals("the token in slot index 0", Pkcs11Settings.from(Map.of()).token());
    }

    @Test
    public void pinComesFromAFileWithoutItsLineBreak() throws Exception {
        Path file = folder.newFile("pin").toPath();
        Files.writeString(file, "12 34\n");

        assertEquals("12 34", Pkcs11Settings.from(Map.of("pin.file", file.toString())).pin());
    }

    @Test
    public void pinComesFromAnEnvironmentVariable() {
        Pkcs11Settings settings = Pkcs11Settings.from(ConfigurationValues.of(Pkcs11Settings.PID, Map.of("pin.env", "TOKEN_PIN")),
                Map.of("TOKEN_PIN", "4321")::get);

        assertEquals("4321", settings.pin());
    }

    @Test
    public void unreadablePinSourcesAreRejectedByNameWithoutAPin() {
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class, () -> Pkcs11Settings.from(
                ConfigurationValues.of(Pkcs11Settings.PID, Map.of("pin.env", "TOKEN_PIN")), Map.<String, String>of()::get));
        assertEquals("'pin.env' of configuration org.enginetls.engine.pkcs11 = 'TOKEN_PIN' is not allowed: the name of"
                + " an environment variable that is set in this process and holds the PIN", unset.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Pkcs11Settings.from(Map.of("pin.file", "/nonexistent/pin")));
        assertTrue(missing.getMessage(), missing.getMessage().startsWith(
                "'pin.file' of configuration org.enginetls.engine.pkcs11 = '/nonexistent/pin' is not allowed: a readable file"));
        IllegalArgumentException several = assertThrows(IllegalArgumentException.class,
                () -> Pkcs11Settings.from(Map.of("pin", "s3cr3t-pin", "pin.env", "TOKEN_PIN")));
        assertEquals("configuration org.enginetls.engine.pkcs11: set one of pin, pin.file and pin.env, not several",
                several.getMessage());
    }

    @Test
    public void pinNeverAppearsInText() {
        Pkcs11Settings settings = Pkcs11Settings.from(Map.of("library", "/lib/p11.so", "pin", "s3cr3t-pin"));

        assertFalse(settings.toString().contains("s3cr3t-pin"));
        assertEquals("s3cr3t-pin", settings.pin());
    }

    @Test
    public void engineWithoutLibraryReportsWhatToSet() throws Exception {
        try (Pkcs11Engine engine = new Pkcs11Engine(Pkcs11Settings.from(Map.of("pin", "1234", "retry.ms", "0")))) {
            assertFalse(engine.available());
            assertTrue(engine.health().reason(), engine.health().reason().contains("set 'library'"));
            assertEquals(0, engine.keyStore().size());
        }
    }
}
