package org.enginetls.provider.impl.async;

import java.security.GeneralSecurityException;

/**
 * The job was cancelled (its TLS engine closed or abandoned) while it waited. Not an engine's
 * failure: nothing is counted against an engine, and nothing moves to another engine.
 */
public final class JobCancelledException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException() {
        super("the TLS engine was closed while its job waited for a crypto engine");
    }
}
