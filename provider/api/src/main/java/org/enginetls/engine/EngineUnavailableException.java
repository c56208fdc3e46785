package org.enginetls.engine;

/**
 * The engine is gone (stopping, uninstalled, device removed) and will not complete this operation.
 * The router retries operations on portable keys with the next engine; operations on an
 * {@link EngineKey} of this engine fail.
 */
public class EngineUnavailableException extends EngineException {
    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
