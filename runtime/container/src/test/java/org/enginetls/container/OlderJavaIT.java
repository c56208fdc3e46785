package org.enginetls.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * The jar started by a {@code java} older than 25: the machine's default one, {@code /usr/bin/java}
 * (17 here), or the one {@code -Denginetls.older.java} names. Skipped where that java is 25+ or missing.
 */
public class OlderJavaIT {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    @Test
    public void anOlderJavaPrintsOneLineNamingTheJdkNeededAndExitsWithOne() throws Exception {
        Path java = Path.of(System.getProperty("enginetls.older.java", "/usr/bin/java"));
        assumeTrue("no " + java, Files.isExecutable(java));
        int feature = feature(java);
        assumeTrue(java + " is Java " + feature, feature < 25);
        Path jar = Path.of(System.getProperty("enginetls.runtime.jar", "target/enginetls-runtime.jar")).toAbsolutePath();

        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString())
                .directory(folder.getRoot())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        assertTrue("still running", process.waitFor(30, TimeUnit.SECONDS));
        List<String> printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertEquals(String.join("\n", printed), 1, printed.size());
        assertTrue(printed.get(0), printed.get(0).startsWith("EngineTLS needs Java 25 or newer, but this is Java " + feature));
        assertEquals(1, process.exitValue());
        assertEquals("nothing is left behind", List.of(), List.of(folder.getRoot().list()));
    }

    /** The feature release of {@code java}, from what {@code java -version} prints. */
    private static int feature(Path java) throws IOException, InterruptedException {
        Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(version.waitFor(30, TimeUnit.SECONDS));
        Matcher number = Pattern.compile("version \"(?:1\\.)?(\\d+)").matcher(printed);
        assertTrue(printed, number.find());
        return Integer.parseInt(number.group(1));
    }
}
