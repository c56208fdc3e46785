package org.enginetls.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the relay engine bundle, a second engine bundle for the swap tests, from the classes of
 * {@code org.enginetls.itests.relay} compiled into the test probe. A bundle is a jar with a manifest:
 * written by hand, it needs neither bnd nor TinyBundles (whose builders need bndlib in the framework).
 */
final class RelayBundle {

    static final String SYMBOLIC_NAME = "org.enginetls.itests.relay";
    static final String ENGINE_ID = "jdk-relay";

    private static final String PACKAGE = "org/enginetls/itests/relay/";
    private static final String[] CLASSES = {"JdkRelayEngine", "RelayActivator"};

    private RelayBundle() {
    }

    /** Writes the bundle to {@code jar}; its engine registers at {@code ranking}. */
    static Path write(Path jar, int ranking) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", "org.enginetls.itests.relay.RelayActivator");
        main.putValue("Import-Package", "org.enginetls.engine;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\","
                + "javax.crypto");
        main.putValue("EngineTLS-Test-Ranking", Integer.toString(ranking));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String name : CLASSES) {
                String entry = PACKAGE + name + ".class";
                try (InputStream in = RelayBundle.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException(entry + " is not in the test probe");
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
