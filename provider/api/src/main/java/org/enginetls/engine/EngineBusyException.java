package org.enginetls.engine;

/**
 * "Busy, submit again later" &mdash; OpenSSL's {@code ASYNC_STATUS_EAGAIN}. Nothing was started; the
 * router may resubmit the same request to the same engine, or fail it over to another.
 */
public class EngineBusyException extends EngineException {
    private static final long serialVersionUID = 1L;

    public EngineBusyException(String message) {
        super(message);
    }
}
