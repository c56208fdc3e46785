package org.enginetls.provider.impl.crypto;

import org.enginetls.engine.EngineException;

/** An engine did not complete an operation within the operation timeout. */
public final class OperationTimeoutException extends EngineException {
    private static final long serialVersionUID = 1L;

    public OperationTimeoutException(String message) {
        super(message);
    }
}
