/**
 * OpenSSL's asynchronous mode for {@link javax.net.ssl.SSLEngine}: the port of
 * {@code SSL_CTX_set_async_callback(3)}.
 *
 * <p>Every engine EngineTLS creates implements {@link org.enginetls.async.AsyncSSLEngine}. In async
 * mode a handshake step that waits for a crypto engine returns at once with
 * {@code HandshakeStatus.NEED_TASK} and {@code isWaitingForAsync() == true}; the
 * {@link org.enginetls.async.AsyncCallback} tells the application when to call again. The full
 * contract is on {@link org.enginetls.async.AsyncSSLEngine}.
 */
@Export
@Version("1.0.0")
package org.enginetls.async;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
