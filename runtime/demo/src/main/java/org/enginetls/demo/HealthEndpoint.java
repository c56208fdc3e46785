package org.enginetls.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;

import org.enginetls.runtime.EngineRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code /health} on a plain-HTTP port of its own ({@link PlainHealthServer}), off unless a port is
 * set: key {@code port} of the configuration {@value #PID}, else the property
 * {@code enginetls.demo.health.port}; {@code address} (or {@code enginetls.demo.health.address})
 * defaults to 127.0.0.1. It outlives the provider, so that it can say the provider is gone.
 */
@Component(configurationPid = HealthEndpoint.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
public final class HealthEndpoint {

    static final String PID = "org.enginetls.demo.health";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(provider.name=EngineTLS)")
    private volatile Provider provider;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(provider.name=EngineTLS)")
    private volatile EngineRuntime runtime;

    private PlainHealthServer server;

    @Activate
    void activate(BundleContext context, Map<String, Object> configuration) throws IOException {
        String port = setting(configuration, context, "port");
        if (port == null) {
            return;
        }
        String address = setting(configuration, context, "address");
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            System.err.println("enginetls demo: bad configuration " + PID + ": port '" + port + "' is not a number");
            throw new IllegalArgumentException("port '" + port + "' is not a number", e);
        }
        InetSocketAddress listen = new InetSocketAddress(InetAddress.getByName(address == null ? "127.0.0.1" : address), number);
        try {
            server = PlainHealthServer.start(listen, this::health);
        } catch (IOException e) {
            System.err.println("enginetls demo: cannot serve /health on " + listen + " (" + e + "); choose another port with -D"
                    + "enginetls.demo.health.port=<port> or the configuration " + PID);
            throw e;
        }
        InetSocketAddress bound = server.address();
        System.out.println("EngineTLS health on http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort() + "/health");
    }

    private static String setting(Map<String, Object> configuration, BundleContext context, String key) {
        Object configured = configuration.get(key);
        String text = configured == null ? context.getProperty("enginetls.demo.health." + key) : String.valueOf(configured);
        return text == null || text.isBlank() ? null : text.trim();
    }

    private HttpResponse health() {
        Provider current = provider;
        EngineRuntime engines = runtime;
        boolean registered = current != null && Security.getProvider(current.getName()) == current;
        return Health.of(registered, engines == null ? List.of() : engines.getEngines());
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
        }
    }
}
