package org.enginetls.async;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;

/**
 * An {@link SSLContext} of EngineTLS with context-wide async defaults ({@code SSL_CTX_set_async_callback},
 * {@code SSL_CTX_set_async_callback_arg}, {@code SSL_CTX_set_mode(SSL_MODE_ASYNC)}). Every engine it
 * creates is an {@link AsyncSSLEngine} that starts with the defaults set at its creation.
 *
 * <pre>
 * AsyncSSLContext context = AsyncSSLContext.getInstance("TLSv1.3");
 * context.init(keyManagers, trustManagers, null);
 * context.setAsyncMode(true);
 * context.setAsyncCallback((engine, arg) -&gt; loop.wakeUp((SelectionKey) arg));
 * </pre>
 */
public final class AsyncSSLContext extends SSLContext {

    /** The name of the EngineTLS provider. */
    public static final String PROVIDER_NAME = "EngineTLS";

    private final AsyncContextDefaults defaults;

    private AsyncSSLContext(SSLContextSpi spi, Provider provider, String protocol) {
        super(spi, provider, protocol);
        this.defaults = (AsyncContextDefaults) spi;
    }

    /** A context for {@code protocol} from the {@code EngineTLS} provider in the Security provider list. */
    public static AsyncSSLContext getInstance(String protocol) throws NoSuchAlgorithmException {
        Provider provider = Security.getProvider(PROVIDER_NAME);
        if (provider == null) {
            throw new NoSuchAlgorithmException("the EngineTLS provider is not installed: add it with Security.addProvider,"
                    + " or pass the provider instance to getInstance(protocol, provider)");
        }
        return getInstance(protocol, provider);
    }

    /** A context for {@code protocol} from {@code provider}, which must be EngineTLS. */
    public static AsyncSSLContext getInstance(String protocol, Provider provider) throws NoSuchAlgorithmException {
        Provider.Service service = provider.getService("SSLContext", protocol);
        if (service == null) {
            throw new NoSuchAlgorithmException(provider.getName() + " offers no SSLContext " + protocol);
        }
        Object spi = service.newInstance(null);
        if (!(spi instanceof AsyncContextDefaults) || !(spi instanceof SSLContextSpi contextSpi)) {
            throw new NoSuchAlgorithmException(provider.getName() + " is not EngineTLS: its SSLContext " + protocol
                    + " has no async support");
        }
        return new AsyncSSLContext(contextSpi, provider, protocol);
    }

    /** Sets the async mode of engines created from now on. */
    public void setAsyncMode(boolean asyncMode) {
        defaults.setAsyncMode(asyncMode);
    }

    public boolean isAsyncMode() {
        return defaults.isAsyncMode();
    }

    /** Sets the callback of engines created from now on. */
    public void setAsyncCallback(AsyncCallback callback) {
        defaults.setAsyncCallback(callback);
    }

    public AsyncCallback getAsyncCallback() {
        return defaults.getAsyncCallback();
    }

    /** Sets the callback argument of engines created from now on. */
    public void setAsyncCallbackArg(Object arg) {
        defaults.setAsyncCallbackArg(arg);
    }

    public Object getAsyncCallbackArg() {
        return defaults.getAsyncCallbackArg();
    }
}
