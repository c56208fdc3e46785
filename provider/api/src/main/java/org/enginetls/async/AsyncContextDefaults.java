package org.enginetls.async;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Context-wide async defaults, implemented by EngineTLS's {@code SSLContextSpi}. Every engine the
 * context creates afterwards copies them, as {@code SSL_new} copies an {@code SSL_CTX}'s; engines
 * created earlier are not affected. Applications use it through {@link AsyncSSLContext}.
 */
@ProviderType
public interface AsyncContextDefaults {

    /** The async mode of engines created from now on. */
    void setAsyncMode(boolean asyncMode);

    boolean isAsyncMode();

    /** The callback of engines created from now on ({@code SSL_CTX_set_async_callback}). */
    void setAsyncCallback(AsyncCallback callback);

    AsyncCallback getAsyncCallback();

    /** The callback argument of engines created from now on ({@code SSL_CTX_set_async_callback_arg}). */
    void setAsyncCallbackArg(Object arg);

    Object getAsyncCallbackArg();
}
