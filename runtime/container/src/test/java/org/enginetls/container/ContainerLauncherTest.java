package org.enginetls.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class ContainerLauncherTest {

    @Test
    public void anOlderJavaGetsOneLineNamingTheJavaNeededAndTheOneRunning() {
        assertEquals("EngineTLS needs Java 25 or newer, but this is Java 17.0.15 (/usr/lib/jvm/java-17-openjdk-amd64): "
                + "run the jar with the java of a JDK 25, e.g. $JAVA_HOME/bin/java -jar ... with JAVA_HOME set to it",
                ContainerLauncher.javaTooOld("17", "17.0.15", "/usr/lib/jvm/java-17-openjdk-amd64"));
    }

    @Test
    public void java8StyleVersionsAreReadToo() {
        assertEquals("EngineTLS needs Java 25 or newer, but this is Java 1.8.0_402 (/opt/jdk8/jre): "
                + "run the jar with the java of a JDK 25, e.g. $JAVA_HOME/bin/java -jar ... with JAVA_HOME set to it",
                ContainerLauncher.javaTooOld("1.8", "1.8.0_402", "/opt/jdk8/jre"));
    }

    @Test
    public void java25AndLaterRun() {
        assertNull(ContainerLauncher.javaTooOld("25", "25.0.3", "/jdk"));
        assertNull(ContainerLauncher.javaTooOld("26", "26-ea", "/jdk"));
    }
}
