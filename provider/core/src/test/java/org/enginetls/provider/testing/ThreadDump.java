package org.enginetls.provider.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * The names of every live thread of this JVM, virtual threads included ({@code Thread.getAllStackTraces()} leaves
 * those out), from the JDK's JSON thread dump. It is asked for through the platform MBean server, so code that uses
 * this needs no {@code com.sun.management} import (an OSGi probe bundle cannot count on one).
 */
public final class ThreadDump {

    private static final Pattern NAME = Pattern.compile("\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    private ThreadDump() {
    }

    public static List<String> threadNames() throws Exception {
        Path directory = Files.createTempDirectory("enginetls-threads");
        Path dump = directory.resolve("threads.json");
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpThreads", new Object[] {dump.toString(), "JSON"},
                    new String[] {String.class.getName(), String.class.getName()});
            Matcher names = NAME.matcher(Files.readString(dump));
            return names.results().map(match -> match.group(1)).toList();
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(directory);
        }
    }
}
