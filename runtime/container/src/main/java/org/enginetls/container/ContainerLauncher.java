package org.enginetls.container;

import java.lang.reflect.InvocationTargetException;

/**
 * The {@code Main-Class} of {@code enginetls-runtime.jar}: checks the Java version, chooses how the
 * Gogo shell runs ({@link ShellMode}), makes the hot-deployment directories ({@link DeployDirectories}),
 * then hands over to bnd's embedded launcher, which starts Felix and the bundles.
 *
 * <p>Compiled for Java 8, so that an older {@code java} runs this far and says in one line what
 * is needed, instead of failing to resolve every bundle (which all require Java 25).
 */
public final class ContainerLauncher {

    /** The Java feature release the bundles are built for. */
    static final int REQUIRED_JAVA = 25;

    /** The exit code when the JVM is older than {@link #REQUIRED_JAVA}. */
    static final int EXIT_JAVA_TOO_OLD = 1;

    /** The exit code for a bad {@code enginetls.shell} or {@code enginetls.shell.telnet.port} value. */
    static final int EXIT_BAD_SETTING = 2;

    private static final String BND_LAUNCHER = "aQute.launcher.pre.EmbeddedLauncher";

    private ContainerLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        String tooOld = javaTooOld(System.getProperty("java.specification.version"), System.getProperty("java.version"),
                System.getProperty("java.home"));
        if (tooOld != null) {
            System.err.println(tooOld);
            System.exit(EXIT_JAVA_TOO_OLD);
            return;
        }
        try {
            ShellMode.choose(System.getProperties(), ShellMode.consoleIsTerminal()).apply(System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("EngineTLS: " + e.getMessage());
            System.exit(EXIT_BAD_SETTING);
            return;
        }
        DeployDirectories.create(DeployDirectories.configure(System.getProperties()));
        try {
            Class.forName(BND_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The one line to print when the JVM described by its {@code java.specification.version}
     * ("1.8", "17", "25"), {@code java.version} and {@code java.home} cannot run the container;
     * {@code null} when it can.
     */
    static String javaTooOld(String specificationVersion, String version, String home) {
        if (feature(specificationVersion) >= REQUIRED_JAVA) {
            return null;
        }
        return "EngineTLS needs Java " + REQUIRED_JAVA + " or newer, but this is Java " + version + " (" + home
                + "): run the jar with the java of a JDK " + REQUIRED_JAVA + ", e.g. $JAVA_HOME/bin/java -jar ... with JAVA_HOME set to it";
    }

    /** The feature release of a specification version: 8 for "1.8", 17 for "17"; 0 if it cannot be read. */
    private static int feature(String specificationVersion) {
        String number = specificationVersion == null ? "" : specificationVersion.startsWith("1.")
                ? specificationVersion.substring(2) : specificationVersion;
        int end = 0;
        while (end < number.length() && Character.isDigit(number.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(number.substring(0, end));
    }
}
