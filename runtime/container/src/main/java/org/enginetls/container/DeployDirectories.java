package org.enginetls.container;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The directories Apache Felix FileInstall watches for bundles and configuration files: its
 * {@code felix.fileinstall.dir} (comma-separated), {@code deploy,etc} under the working directory
 * unless set. They are created at start, as the demo creates its {@code data} directory, so that a
 * first start says nothing about them and an operator finds where to drop files.
 */
final class DeployDirectories {

    static final String PROPERTY = "felix.fileinstall.dir";
    static final String DEFAULT = "deploy,etc";

    private DeployDirectories() {
    }

    /** Sets the default in {@code properties} when the user set nothing; the directories, as they are then. */
    static List<File> configure(Properties properties) {
        String value = properties.getProperty(PROPERTY);
        if (value == null || value.trim().isEmpty()) {
            value = DEFAULT;
            properties.setProperty(PROPERTY, value);
        }
        List<File> directories = new ArrayList<File>();
        for (String path : value.split(",")) {
            if (!path.trim().isEmpty()) {
                directories.add(new File(path.trim()));
            }
        }
        return directories;
    }

    /** Creates those of {@code directories} that do not exist; one that cannot be made, FileInstall reports. */
    static void create(List<File> directories) {
        for (File directory : directories) {
            directory.mkdirs();
        }
    }
}
