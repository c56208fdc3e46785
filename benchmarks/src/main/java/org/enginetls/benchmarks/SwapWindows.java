package org.enginetls.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Sorts the handshakes of a swap run by how close they ended to an engine swap and reports rate and
 * latency per window: <em>around</em> a swap (ended within {@code nearMillis} of an engine being added
 * or removed), and <em>steady</em> (ended at least {@code farMillis} from every swap, split by whether
 * the swapped engine was registered then). A window's rate is its handshakes over the measured time
 * that belongs to it.
 */
final class SwapWindows {

    /** One measured iteration: handshakes that ended in it, as end times and latencies (nanoTime). */
    record Sample(long[] endNanos, long[] latencyNanos) {
    }

    /** The handshakes of one window. */
    private static final class Window {
        final String name;
        final List<Long> latencies = new ArrayList<>();
        long nanos;

        Window(String name) {
            this.name = name;
        }
    }

    private final long nearNanos;
    private final long farNanos;

    SwapWindows(long nearMillis, long farMillis) {
        this.nearNanos = TimeUnit.MILLISECONDS.toNanos(nearMillis);
        this.farNanos = TimeUnit.MILLISECONDS.toNanos(farMillis);
    }

    /**
     * The report lines for handshakes measured in {@code intervals} ({start, end} nanoTime pairs),
     * given the swap events ({@code additions} and {@code removals}, nanoTime, sorted).
     */
    List<String> report(String label, List<long[]> intervals, List<Sample> samples, long[] additions, long[] removals,
            long failed) {
        long[] events = merge(additions, removals);
        Window all = new Window("all");
        Window around = new Window("around a swap (+-" + TimeUnit.NANOSECONDS.toMillis(nearNanos) + " ms)");
        Window aroundAdd = new Window("around an addition");
        Window aroundRemove = new Window("around a removal");
        Window steady = new Window("steady (>= " + TimeUnit.NANOSECONDS.toMillis(farNanos) + " ms from a swap)");
        Window steadyWith = new Window("steady, engine registered");
        Window steadyWithout = new Window("steady, engine not registered");
        // the time that belongs to each window, in 1 ms steps over the measured intervals
        long step = TimeUnit.MILLISECONDS.toNanos(1);
        for (long[] interval : intervals) {
            for (long t = interval[0]; t < interval[1]; t += step) {
                long slice = Math.min(step, interval[1] - t);
                classify(t, events, additions, removals, slice, null, all, around, aroundAdd, aroundRemove, steady,
                        steadyWith, steadyWithout);
            }
        }
        for (Sample sample : samples) {
            for (int i = 0; i < sample.endNanos().length; i++) {
                classify(sample.endNanos()[i], events, additions, removals, 0, sample.latencyNanos()[i], all, around,
                        aroundAdd, aroundRemove, steady, steadyWith, steadyWithout);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "swap-report %s: %d handshakes measured, %d failed in the whole trial (warm-up included), %d additions and %d removals",
                label, all.latencies.size(), failed, additions.length, removals.length));
        for (Window window : List.of(all, around, aroundAdd, aroundRemove, steady, steadyWith, steadyWithout)) {
            if (window.nanos > 0 && (events.length > 0 || window == all)) {
                lines.add(line(label, window));
            }
        }
        if (!around.latencies.isEmpty() && !steady.latencies.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "swap-report %s: p99 around a swap / steady = %.2f, rate around / steady = %.2f",
                    label, (double) percentile(around.latencies, 99) / percentile(steady.latencies, 99),
                    rate(around) / rate(steady)));
        }
        return lines;
    }

    private void classify(long t, long[] events, long[] additions, long[] removals, long slice, Long latency,
            Window all, Window around, Window aroundAdd, Window aroundRemove, Window steady, Window steadyWith,
            Window steadyWithout) {
        add(all, slice, latency);
        if (events.length == 0) {
            return;
        }
        long toAddition = distance(t, additions);
        long toRemoval = distance(t, removals);
        long nearest = Math.min(toAddition, toRemoval);
        if (nearest <= nearNanos) {
            add(around, slice, latency);
            add(toAddition <= toRemoval ? aroundAdd : aroundRemove, slice, latency);
        } else if (nearest >= farNanos) {
            add(steady, slice, latency);
            add(registered(t, additions, removals) ? steadyWith : steadyWithout, slice, latency);
        }
    }

    private static void add(Window window, long slice, Long latency) {
        window.nanos += slice;
        if (latency != null) {
            window.latencies.add(latency);
        }
    }

    /** Whether the last event before {@code t} was an addition. */
    private static boolean registered(long t, long[] additions, long[] removals) {
        return last(t, additions) > last(t, removals);
    }

    private static long last(long t, long[] sorted) {
        int i = Arrays.binarySearch(sorted, t);
        int index = i >= 0 ? i : -i - 2;
        return index >= 0 ? sorted[index] : Long.MIN_VALUE;
    }

    private static long distance(long t, long[] sorted) {
        if (sorted.length == 0) {
            return Long.MAX_VALUE;
        }
        int i = Arrays.binarySearch(sorted, t);
        if (i >= 0) {
            return 0;
        }
        int after = -i - 1;
        long best = Long.MAX_VALUE;
        if (after < sorted.length) {
            best = sorted[after] - t;
        }
        if (after > 0) {
            best = Math.min(best, t - sorted[after - 1]);
        }
        return best;
    }

    private static long[] merge(long[] a, long[] b) {
        long[] merged = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, merged, a.length, b.length);
        Arrays.sort(merged);
        return merged;
    }

    private static String line(String label, Window window) {
        return String.format(Locale.ROOT, "swap-report %s: %-40s %7d handshakes in %6.1f s: %7.1f/s, p50 %6.2f ms, p99 %6.2f ms",
                label, window.name, window.latencies.size(), window.nanos / 1e9, rate(window),
                percentile(window.latencies, 50) / 1e6, percentile(window.latencies, 99) / 1e6);
    }

    private static double rate(Window window) {
        return window.nanos == 0 ? 0 : window.latencies.size() / (window.nanos / 1e9);
    }

    private static long percentile(List<Long> values, double percentile) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
