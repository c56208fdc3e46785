package org.enginetls.provider.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The names of every live thread of this JVM, virtual threads included ({@code Thread.getAllStackTraces()} leaves
 * those out), from the JDK's JSON thread dump.
 */
public final class ThreadDump {

    private static final Pattern NAME = Pattern.compile("\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    private ThreadDump() {
    }

    public static List<String> threadNames() throws IOException {
        Path directory = Files.createTempDirectory("threads");
        Path dump = directory.resolve("dump.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher names = NAME.matcher(Files.readString(dump));
            return names.results().map(match -> match.group(1)).toList();
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(directory);
        }
    }
}
