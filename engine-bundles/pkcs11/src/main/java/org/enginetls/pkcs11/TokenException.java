package org.enginetls.pkcs11;

import java.io.Serial;

/**
 * The token could not be opened or used. {@link #retryable()} tells whether trying again with the
 * same configuration may help (a token not yet inserted, a library not yet installed); a rejected
 * PIN is not retried, because every wrong attempt counts towards the token locking its PIN.
 */
final class TokenException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    TokenException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
