package org.enginetls.demo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metatype of the demo server's configuration (PID {@value DemoSettings#PID}). An absent key
 * falls back to the framework property {@code enginetls.demo.<key>}, then to the default shown.
 */
@ObjectClassDefinition(name = "EngineTLS demo server",
        description = "HTTPS/1.1 on one event loop, TLS by EngineTLS in async mode; / and /status")
@interface DemoConfiguration {

    @AttributeDefinition(name = "address", description = "Address to listen on (0.0.0.0 for every interface)")
    String address() default DemoSettings.DEFAULT_ADDRESS;

    @AttributeDefinition(name = "port", description = "TCP port; 0 picks a free one")
    int port() default DemoSettings.DEFAULT_PORT;

    @AttributeDefinition(name = "data", description = "Directory of the generated keystore, relative to the working directory")
    String data() default DemoSettings.DEFAULT_DATA_DIRECTORY;

    @AttributeDefinition(name = "keystore", required = false,
            description = "PKCS#12 or JKS keystore to serve instead of the generated one; or EngineTLS:<engine id>/<alias>,"
                    + " a key an engine holds (e.g. EngineTLS:pkcs11/server), from the provider's EngineTLS key store")
    String keystore();

    @AttributeDefinition(name = "keystore.password", required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Password of the keystore and of its key")
    String keystore_password();
}
