package org.enginetls.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;

import org.ops4j.pax.exam.Option;

/**
 * The framework every integration test runs in: Felix with SCR, BouncyCastle's bundles and the two
 * EngineTLS bundles, the latter installed from the jars this reactor build just made.
 */
final class Frameworks {

    /** Symbolic names of the bundles the tests install (besides Pax Exam's own). */
    static final String[] INSTALLED = {
        "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component", "org.apache.felix.scr",
        "bcprov", "bcutil", "bcpkix", "bctls", "org.enginetls.api", "org.enginetls.provider"};

    private Frameworks() {
    }

    static Option[] engineTls() {
        return options(
                junitBundles(),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                systemProperty("java.util.logging.config.file").value(System.getProperty("java.util.logging.config.file", "")),
                jar("function"), jar("promise"), jar("component"), jar("scr"),
                jar("bcprov"), jar("bcutil"), jar("bcpkix"), jar("bctls"),
                jar("api"), jar("provider"));
    }

    /** A bundle from the path surefire passes as {@code enginetls.bundle.<name>} (see the pom). */
    private static Option jar(String name) {
        String key = "enginetls.bundle." + name;
        String path = System.getProperty(key);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException(key + " does not name a jar (" + path + "); run the tests through Maven");
        }
        return bundle(new File(path).toURI().toString());
    }
}
