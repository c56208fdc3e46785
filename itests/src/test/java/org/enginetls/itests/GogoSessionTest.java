package org.enginetls.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
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
import org.osgi.util.tracker.ServiceTracker;

/** The enginetls commands run in a real Gogo session (Apache Felix Gogo runtime 1.1.6), as a console user types them. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GogoSessionTest {

    @Inject
    private BundleContext context;

    private ServiceTracker<CommandProcessor, CommandProcessor> processors;
    private CommandSession session;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Configuration
    public Option[] configuration() {
        return Frameworks.engineTlsWithDasyncAndGogo();
    }

    @Before
    public void openSession() throws Exception {
        processors = new ServiceTracker<>(context, CommandProcessor.class, null);
        processors.open();
        CommandProcessor processor = processors.waitForService(TimeUnit.SECONDS.toMillis(30));
        assertNotNull("no Gogo CommandProcessor", processor);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
    }

    @After
    public void closeSession() {
        session.close();
        processors.close();
    }

    @Test
    public void enginesPrintsATableOfDasyncAndTheSoftwareEngine() throws Exception {
        Handshakes.tls13ThroughEngineTls();

        String table = (String) session.execute("enginetls:engines");

        List<String> lines = table.lines().toList();
        assertEquals(table, 3, lines.size());
        assertTrue(table, lines.get(0).matches("ID +STATE +RANKING +BUNDLE +SUBMITTED +COMPLETED +FAILED +EAGAIN +FAILOVERS"
                + " +IN-FLIGHT +P99-US"));
        List<String> dasync = List.of(lines.get(1).split(" +"));
        assertEquals(table, List.of("dasync", "ACTIVE", "100", Frameworks.DASYNC), dasync.subList(0, 4));
        assertTrue(table, Long.parseLong(dasync.get(4)) > 0);
        assertEquals(table, List.of("software", "ACTIVE", "-2147483648", "-"), List.of(lines.get(2).split(" +")).subList(0, 4));
    }

    @Test
    public void engineWithAnIdPrintsItsDetailsAndAnUnknownIdTheKnownOnes() throws Exception {
        String details = (String) session.execute("enginetls:engine dasync");
        String unknown = (String) session.execute("enginetls:engine qat");

        assertTrue(details, details.startsWith("id:"));
        assertTrue(details, details.lines().anyMatch(line -> line.matches("id: +dasync")));
        assertTrue(details, details.lines().anyMatch(line -> line.matches("state: +ACTIVE")));
        assertTrue(details, details.lines().anyMatch(line -> line.matches("bundle: +" + Frameworks.DASYNC.replace(".", "\\.")
                + " \\S+ \\[\\d+\\]")));
        assertTrue(details, details.lines().anyMatch(line -> line.startsWith("  SIGN: ")));
        assertEquals("no engine 'qat'; engines: dasync, software\n", unknown);
    }

    @Test
    public void engineWithoutAnIdPrintsUsageAndMinusAListsEveryAlgorithm() throws Exception {
        String usage = (String) session.execute("enginetls:engine");
        String counted = (String) session.execute("enginetls:engine software");
        String all = (String) session.execute("enginetls:engine -a software");

        assertTrue(usage, usage.startsWith("usage: enginetls:engine [-a] <id>\n"));
        assertTrue(counted, counted.lines().anyMatch(line -> line.matches("algorithms: +\\d+ \\(enginetls:engine -a software lists every name\\)")));
        assertTrue(counted, counted.lines().anyMatch(line -> line.matches("  CIPHER: \\d+ names")));
        assertTrue(all, all.lines().anyMatch(line -> line.startsWith("  CIPHER: ") && line.contains("AES/GCM/NoPadding")));
        assertTrue("the full list is longer", all.length() > counted.length() + 1000);
    }

    /**
     * Gogo's {@code help} prints what {@code @Descriptor} says; the annotations are only there when the provider bundle
     * is wired to Gogo's package (the import is optional), which is what this pins.
     */
    @Test
    public void commandsCarryTheirGogoHelpTexts() throws Exception {
        Object commands = context.getService(context.getAllServiceReferences(null, "(osgi.command.scope=enginetls)")[0]);

        Method engines = commands.getClass().getMethod("engines");
        Method engine = commands.getClass().getMethod("engine", String[].class);

        assertTrue(engines.getAnnotation(Descriptor.class).value().startsWith("lists the EngineTLS crypto engines"));
        assertTrue(engine.getAnnotation(Descriptor.class).value().startsWith("shows one EngineTLS engine in detail"));
        Descriptor arguments = (Descriptor) engine.getParameterAnnotations()[0][0];
        assertTrue(arguments.value(), arguments.value().contains("-a (--algorithms) lists every algorithm name"));
    }
}
