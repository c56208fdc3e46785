package org.enginetls.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The benchmark thread's CPU time per operation over one iteration, printed at its end. On a shared
 * machine other processes stretch wall-clock time, not the CPU time the measured thread spends, so
 * this second view is far steadier than ops/s there (it leaves out GC and JIT threads).
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long startNanos;
    private long operations;

    void start() {
        operations = 0;
        startNanos = THREADS.getCurrentThreadCpuTime();
    }

    void count(long n) {
        operations += n;
    }

    /** Prints {@code cpu-us-per-op <label> <value>}, called on the benchmark thread at the end of an iteration. */
    void report(String label) {
        long cpu = THREADS.getCurrentThreadCpuTime() - startNanos;
        if (operations > 0) {
            System.out.printf("cpu-us-per-op %s %.2f%n", label, cpu / 1000.0 / operations);
        }
    }
}
