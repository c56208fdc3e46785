package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineRuntime;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The provider bundle registers Gogo commands {@code enginetls:engines} and {@code enginetls:engine}. Their class is
 * private to the bundle, as Gogo expects nothing more than a service with public methods named by
 * {@code osgi.command.function}: the test calls them the way Gogo does, reflectively on the service object.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineCommandsTest {

    private static final String COMMANDS_FILTER = "(osgi.command.scope=enginetls)";

    @Inject
    private BundleContext context;

    @Inject
    private EngineRuntime runtime;

    private ServiceTracker<Object, Object> commands;

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTls();
    }

    @Before
    public void trackCommands() throws Exception {
        commands = new ServiceTracker<>(context, context.createFilter(COMMANDS_FILTER), null);
        commands.open();
        assertNotNull("no service with " + COMMANDS_FILTER, commands.waitForService(TimeUnit.SECONDS.toMillis(30)));
    }

    @After
    public void closeTracker() {
        commands.close();
    }

    @Test
    public void commandsServiceIsRegisteredByTheProviderBundleWithScopeAndBothFunctions() {
        ServiceReference<Object> reference = commands.getServiceReference();
        assertEquals("org.enginetls.provider", reference.getBundle().getSymbolicName());
        assertEquals("enginetls", reference.getProperty("osgi.command.scope"));
        assertEquals(List.of("engines", "engine"), Arrays.asList((String[]) reference.getProperty("osgi.command.function")));
    }

    @Test
    public void enginesAndEngineShowTheSoftwareEngineWithTheCountersOfAHandshake() throws Exception {
        Handshakes.tls13ThroughEngineTls();
        EngineDTO software = runtime.getEngine("software").orElseThrow();
        assertTrue("submitted " + software.submitted, software.submitted > 0);

        String table = call("engines");
        String details = details("software");

        String[] lines = table.split("\n");
        assertEquals(table, 2, lines.length);
        List<String> row = List.of(lines[1].split(" +"));
        assertEquals(table, "software", row.get(0));
        assertEquals(table, "ACTIVE", row.get(1));
        assertEquals(table, Long.toString(software.submitted), row.get(4));
        assertEquals(table, Long.toString(software.completed), row.get(5));
        assertTrue(details, details.startsWith("id:"));
        assertTrue(details, details.lines().anyMatch(line -> line.matches("submitted: +" + software.submitted)));
        assertTrue(details, details.lines().anyMatch(line -> line.matches("completed: +" + software.completed)));
        assertTrue(details, details.lines().anyMatch(line -> line.startsWith("  SIGN: ") && line.endsWith(" names")));
    }

    @Test
    public void unknownEngineIdIsAnsweredWithTheEnginesThereAre() throws Exception {
        assertEquals("no engine 'qat'; engines: software\n", details("qat"));
    }

    /** {@code enginetls:engine <id>}, as Gogo calls it. */
    private String details(String id) throws Exception {
        Object service = commands.getService();
        return (String) service.getClass().getMethod("engine", String[].class).invoke(service, (Object) new String[] {id});
    }

    /** Invokes a command function as Gogo does: a public method of the service object, found by name. */
    private String call(String function, String... arguments) throws Exception {
        Object service = commands.getService();
        Class<?>[] types = new Class<?>[arguments.length];
        Arrays.fill(types, String.class);
        Method method = service.getClass().getMethod(function, types);
        return (String) method.invoke(service, (Object[]) arguments);
    }
}
