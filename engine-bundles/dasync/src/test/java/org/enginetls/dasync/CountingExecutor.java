package org.enginetls.dasync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** An executor that counts the tasks it has run, so a test can see that work really was delegated to it. */
final class CountingExecutor implements Executor {

    final ExecutorService delegate;
    private final AtomicInteger ran = new AtomicInteger();

    CountingExecutor(ExecutorService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(() -> {
            try {
                task.run();
            } finally {
                ran.incrementAndGet();
            }
        });
    }

    /** How many tasks have finished running. */
    int ran() {
        return ran.get();
    }
}
