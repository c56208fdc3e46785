package org.enginetls.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Properties;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DeployDirectoriesTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void deployAndEtcUnderTheWorkingDirectoryUnlessSet() {
        Properties properties = new Properties();

        List<File> directories = DeployDirectories.configure(properties);

        assertEquals("deploy,etc", properties.getProperty("felix.fileinstall.dir"));
        assertEquals(List.of(new File("deploy"), new File("etc")), directories);
    }

    @Test
    public void theDirectoriesSetAreKeptAndCreated() {
        File bundles = new File(folder.getRoot(), "bundles");
        File configuration = new File(folder.getRoot(), "conf/enginetls");
        Properties properties = new Properties();
        properties.setProperty("felix.fileinstall.dir", bundles + " , " + configuration);

        DeployDirectories.create(DeployDirectories.configure(properties));

        assertEquals(bundles + " , " + configuration, properties.getProperty("felix.fileinstall.dir"));
        assertTrue(bundles.isDirectory());
        assertTrue(configuration.isDirectory());
    }
}
