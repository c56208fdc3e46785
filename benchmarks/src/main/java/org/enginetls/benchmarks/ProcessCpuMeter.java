package org.enginetls.benchmarks;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;

/**
 * The whole JVM's CPU time per operation over one iteration, printed at its end. Where the work of an
 * operation is spread over threads (async jobs on virtual threads, an engine's own threads), the
 * benchmark thread's CPU time ({@link CpuMeter}) misses most of it; this view includes everything,
 * GC and JIT compilation too.
 */
final class ProcessCpuMeter {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long startNanos;
    private long operations;

    void start() {
        operations = 0;
        startNanos = OS.getProcessCpuTime();
    }

    void count(long n) {
        operations += n;
    }

    /** Prints {@code process-cpu-us-per-op <label> <value>}. */
    void report(String label) {
        long cpu = OS.getProcessCpuTime() - startNanos;
        if (operations > 0) {
            System.out.printf("process-cpu-us-per-op %s %.2f%n", label, cpu / 1000.0 / operations);
        }
    }
}
