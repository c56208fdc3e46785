package org.enginetls.async;

/**
 * Why an {@link AsyncSSLEngine}'s job is waiting &mdash; OpenSSL's {@code ASYNC_STATUS_*} values, as
 * returned by {@code SSL_get_async_status}.
 */
public enum AsyncStatus {
    /**
     * The engine in use completes synchronously and never calls back; also the value before any job
     * has run ({@code ASYNC_STATUS_UNSUPPORTED}).
     */
    UNSUPPORTED,
    /** The engine failed the operation; the next call throws and sends a fatal alert ({@code ASYNC_STATUS_ERR}). */
    ERR,
    /** The operation was submitted; a callback follows when it completes ({@code ASYNC_STATUS_OK}). */
    OK,
    /**
     * The engine was busy and took nothing; the callback has been (or is being) invoked and the next
     * call resubmits the operation ({@code ASYNC_STATUS_EAGAIN}).
     */
    EAGAIN
}
