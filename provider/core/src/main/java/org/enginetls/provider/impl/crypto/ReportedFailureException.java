package org.enginetls.provider.impl.crypto;

import java.security.GeneralSecurityException;

import org.enginetls.engine.EngineException;

/**
 * An engine failed an operation a paused job waited for, and the application has been told so
 * ({@code ERR}): the operation ends with this failure instead of moving to another engine.
 */
public final class ReportedFailureException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ReportedFailureException(GeneralSecurityException cause) {
        super(cause.getMessage(), cause);
    }
}
