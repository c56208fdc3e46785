package org.enginetls.provider.impl.async;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.WaitContext;

/**
 * Who hears about a job's waits: the async state of one SSL engine. It is also what an engine sees
 * of the job, as its {@link WaitContext}.
 */
public interface JobListener extends WaitContext {

    @Override
    default boolean isAsync() {
        return true;
    }

    /** The job paused, waiting for an engine with {@code status}. */
    @Override
    void setStatus(AsyncStatus status);

    /** The job can be resumed: notify the application (its callback, its {@code asyncReady} stage). */
    @Override
    void wake();
}
