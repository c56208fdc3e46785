package org.enginetls.demo;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.enginetls.runtime.EngineRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs the {@link DemoServer} while the EngineTLS provider is there: the provider comes as the OSGi
 * {@code java.security.Provider} service named EngineTLS, the engine status as the
 * {@link EngineRuntime} service. A new configuration (PID {@value DemoSettings#PID}) restarts the
 * server with it; engines coming and going change nothing here, the provider routes around them.
 */
@Component(name = DemoSettings.PID, configurationPid = DemoSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = DemoConfiguration.class)
public final class DemoComponent {

    /**
     * BCJSSE logs INFO lines per connection and, per context, WARNING lines about entries of the
     * JDK's {@code jdk.tls.disabledAlgorithms} it cannot parse; the console is the shell's. Held
     * here because the logging framework keeps loggers only weakly.
     */
    private static final Logger BOUNCY_CASTLE_LOG = Logger.getLogger("org.bouncycastle");

    private final DemoServer server;

    @Activate
    public DemoComponent(BundleContext context, Map<String, Object> configuration,
            @Reference(target = "(provider.name=EngineTLS)") Provider provider,
            @Reference(target = "(provider.name=EngineTLS)") EngineRuntime runtime,
            @Reference FrameworkShutdownHook shutdownHook) throws IOException, GeneralSecurityException {
        // shutdownHook is only required to be there first: Ctrl-C right after the banner stops the framework too
        if (System.getProperty("java.util.logging.config.file") == null) {
            BOUNCY_CASTLE_LOG.setLevel(Level.SEVERE);
        }
        DemoSettings settings;
        try {
            settings = DemoSettings.from(configuration, context::getProperty);
        } catch (IllegalArgumentException e) {
            System.err.println("enginetls demo: bad configuration " + DemoSettings.PID + ": " + e.getMessage());
            throw e;
        }
        try {
            server = DemoServer.start(settings, provider, runtime);
        } catch (BindException e) {
            System.err.println("enginetls demo: cannot listen on " + settings.address() + ":" + settings.port() + " ("
                    + e.getMessage() + "); is another server running there? Choose another port with -D"
                    + DemoSettings.Key.PORT.property() + "=<port> or the configuration " + DemoSettings.PID);
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            System.err.println("enginetls demo: cannot start: " + e);
            throw e;
        }
        System.out.print(server.describe());
    }

    @Deactivate
    void deactivate() {
        URI uri = server.uri();
        server.close();
        System.out.println("EngineTLS demo stopped listening on " + uri);
    }
}
