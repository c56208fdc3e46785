package org.enginetls.provider.impl.async;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.WaitContext;

/** The wait context of operations outside jobs: the caller blocks, so there is nobody to tell. */
public enum SynchronousWait implements WaitContext {
    INSTANCE;

    @Override
    public boolean isAsync() {
        return false;
    }

    @Override
    public void setStatus(AsyncStatus status) {
        // no paused job reads it
    }

    @Override
    public void wake() {
        // the caller is blocked on the operation itself
    }
}
