package org.enginetls.pkcs11;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import org.enginetls.engine.ConfigurationValues;
import org.enginetls.provider.impl.ProviderCore;
import org.enginetls.provider.impl.jmx.EngineMBeans;
import org.enginetls.provider.impl.shell.EngineTable;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The PIN read from {@code pin.file} or {@code pin.env} opens the token, and neither the right PIN nor a wrong one is
 * ever in what EngineTLS prints: the status DTO, {@code enginetls:engines} and {@code enginetls:engine}, the JMX
 * attributes, the failure reason, the settings' text.
 */
public class PinSecrecyTest {

    private static final String PIN = "73915428";
    private static final String WRONG_PIN = "55550000";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static SoftHsm.Token token;
    private Pkcs11Engine engine;

    @BeforeClass
    public static void tokenWithItsOwnPin() throws Exception {
        token = SoftHsm.create().initToken("secret", PIN);
    }

    @After
    public void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    public void pinFromAFileOpensTheTokenAndIsNeverPrinted() throws Exception {
        Path pinFile = folder.newFile("token.pin").toPath();
        Files.writeString(pinFile, PIN + "\n");
        engine = new Pkcs11Engine(Pkcs11Settings.from(Map.of("library", SoftHsm.LIBRARY, "token.label", "secret",
                "pin.file", pinFile.toString(), "retry.ms", "0")));

        assertTrue(String.valueOf(engine.health()), engine.available());
        assertPinNowhere(PIN, EngineState.ACTIVE);
    }

    @Test
    public void wrongPinFromTheEnvironmentFailsTheEngineAndIsNeverPrinted() throws Exception {
        engine = new Pkcs11Engine(Pkcs11Settings.from(ConfigurationValues.of(Pkcs11Settings.PID, Map.of(
                "library", SoftHsm.LIBRARY, "token.label", "secret", "pin.env", "TOKEN_PIN", "retry.ms", "0")),
                Map.of("TOKEN_PIN", WRONG_PIN)::get));

        assertFalse(engine.available());
        assertTrue(engine.health().reason(), engine.health().reason().contains("the token 'secret' rejected the PIN"));
        assertPinNowhere(WRONG_PIN, EngineState.FAILED);
    }

    private void assertPinNowhere(String pin, EngineState state) throws Exception {
        ProviderCore core = TokenTls.core(engine);
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        try (EngineMBeans mbeans = EngineMBeans.open(core.registry(), server)) {
            RegistryRuntime runtime = new RegistryRuntime(core.registry());
            EngineDTO dto = runtime.getEngine(engine.id()).orElseThrow();
            assertEquals(state, dto.state);
            StringBuilder printed = new StringBuilder();
            printed.append(EngineTable.table(runtime.getEngines()));
            printed.append(EngineTable.details(dto, true));
            printed.append(dto.properties).append(dto.lastError).append(dto.healthReason);
            ObjectName name = EngineMBeans.name(engine.id());
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                printed.append(attribute.getName()).append('=').append(server.getAttribute(name, attribute.getName())).append('\n');
            }
            printed.append(engine.settings()).append(engine.health());

            assertTrue(printed.toString(), printed.toString().contains("secret"));
            assertFalse(printed.toString(), printed.toString().contains(pin));
        }
    }
}
