package org.enginetls.provider.impl.async;

import org.enginetls.engine.EngineUnavailableException;

/** The job was cancelled (its engine closed or abandoned) while it waited: nothing must fail over. */
public final class JobCancelledException extends EngineUnavailableException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException() {
        super("the TLS engine was closed while its job waited for a crypto engine");
    }
}
