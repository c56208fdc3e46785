package org.enginetls.pool;

import java.time.Duration;
import java.util.List;

/** The JVM's live threads by name: the evidence that a pool left nothing behind. */
final class Threads {

    private static final Duration JOIN = Duration.ofSeconds(10);

    private Threads() {
    }

    /** Live threads whose name starts with {@code prefix}. */
    static List<Thread> named(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive()).toList();
    }

    /**
     * Waits (bounded) for the threads named {@code prefix} to end: a closed pool's worker may still be
     * on its way out of the executor when close() returns.
     */
    static boolean awaitNoneNamed(String prefix) throws InterruptedException {
        for (Thread thread : named(prefix)) {
            if (!thread.join(JOIN)) {
                return false;
            }
        }
        return named(prefix).isEmpty();
    }
}
