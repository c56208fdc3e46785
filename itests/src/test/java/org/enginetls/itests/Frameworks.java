package org.enginetls.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;

import org.ops4j.pax.exam.Option;

/**
 * The framework every integration test runs in: Felix with SCR and Configuration Admin, BouncyCastle's bundles and the two
 * EngineTLS bundles, the latter installed from the jars this reactor build just made. {@link #engineTlsWithDasync()} adds
 * the dasync engine bundle.
 */
final class Frameworks {

    /** Symbolic names of the bundles the tests install (besides Pax Exam's own). */
    static final String[] INSTALLED = {
        "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component", "org.apache.felix.scr",
        "org.apache.felix.configadmin",
        "bcprov", "bcutil", "bcpkix", "bctls", "org.enginetls.api", "org.enginetls.provider"};

    /** The framework a run starts, {@code felix} or {@code equinox}: one surefire execution each. */
    static final String FRAMEWORK_PROPERTY = "enginetls.framework";

    /** The dasync engine bundle's symbolic name. */
    static final String DASYNC = "org.enginetls.engine.dasync";

    /** The worker-pool engine bundle's symbolic name. */
    static final String POOL = "org.enginetls.engine.pool";

    /** The PKCS#11 engine bundle's symbolic name. */
    static final String PKCS11 = "org.enginetls.engine.pkcs11";

    private Frameworks() {
    }

    static Option[] engineTls() {
        return options(
                junitBundles(),
                // Pax Exam's own log; BCJSSE's per-connection lines are quieted by the JUL file (parent pom)
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                systemProperty("java.util.logging.config.file").value(required("java.util.logging.config.file")),
                // which framework this run is meant to start (surefire's execution says), for ProviderBundleTest to check
                systemProperty(FRAMEWORK_PROPERTY).value(required(FRAMEWORK_PROPERTY)),
                jar("function"), jar("promise"), jar("component"), jar("scr"), jar("configadmin"),
                jar("bcprov"), jar("bcutil"), jar("bcpkix"), jar("bctls"),
                jar("api"), jar("provider"));
    }

    /** {@link #engineTls()} and the dasync engine bundle, which registers its engine as a service at ranking 100. */
    static Option[] engineTlsWithDasync() {
        return options(composite(engineTls()), jar("dasync"));
    }

    /** {@link #engineTls()} with the pool engine bundle and the dasync engine bundle, both at ranking 100. */
    static Option[] engineTlsWithPoolAndDasync() {
        return options(composite(engineTls()), jar("pool"), jar("dasync"));
    }

    /** {@link #engineTls()} and the PKCS#11 engine bundle, which waits for its configuration (PID org.enginetls.engine.pkcs11). */
    static Option[] engineTlsWithPkcs11() {
        return options(composite(engineTls()), jar("pkcs11"));
    }

    /**
     * {@link #engineTlsWithDasync()} with Apache Felix EventAdmin 1.6.4 installed first, so that the provider bundle
     * resolves with its optional import of {@code org.osgi.service.event} wired.
     */
    static Option[] engineTlsWithDasyncAndEventAdmin() {
        return options(jar("eventadmin"), composite(engineTlsWithDasync()));
    }

    /**
     * {@link #engineTlsWithDasync()} with the Gogo runtime 1.1.6 (its CommandProcessor service) installed first, so that
     * the provider bundle's optional import of Gogo's annotations is wired, as in the container.
     */
    static Option[] engineTlsWithDasyncAndGogo() {
        return options(jar("gogo.runtime"), composite(engineTlsWithDasync()));
    }

    /**
     * Passes the path of bundle {@code name} on to the framework's JVM as the same system property, for
     * tests that install or update that bundle themselves.
     */
    static Option bundlePath(String name) {
        String key = "enginetls.bundle." + name;
        return systemProperty(key).value(required(key));
    }

    /** A bundle from the path surefire passes as {@code enginetls.bundle.<name>} (see the pom). */
    private static Option jar(String name) {
        File jar = new File(required("enginetls.bundle." + name));
        if (!jar.isFile()) {
            throw new IllegalStateException("no bundle at " + jar);
        }
        return bundle(jar.toURI().toString());
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("system property " + key + " is not set; run the tests through Maven");
        }
        return value;
    }
}
