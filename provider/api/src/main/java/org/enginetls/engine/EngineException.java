package org.enginetls.engine;

import java.security.GeneralSecurityException;

/** An engine could not perform an operation. The message should name the cause and the fix. */
public class EngineException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
