package org.enginetls.itests;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * The names of every live thread, virtual threads included (which {@code Thread.getAllStackTraces()}
 * leaves out): the JDK's JSON thread dump, asked for through the platform MBean server so the test
 * needs no {@code com.sun.management} import.
 */
final class ThreadDump {

    private static final Pattern NAME = Pattern.compile("\"name\": \"([^\"]*)\"");

    private ThreadDump() {
    }

    static List<String> threadNames() throws Exception {
        Path directory = Files.createTempDirectory("enginetls-threads");
        Path dump = directory.resolve("threads.json");
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpThreads", new Object[] {dump.toString(), "JSON"},
                    new String[] {String.class.getName(), String.class.getName()});
            List<String> names = new ArrayList<>();
            Matcher matcher = NAME.matcher(Files.readString(dump));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        } finally {
            Files.deleteIfExists(dump);
            Files.delete(directory);
        }
    }
}
