package org.enginetls.pool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Worker utilisation = time the workers spent running operations / (threads x wall time), both
 * since the pool started and over a recent window.
 *
 * <p>No thread samples in the background: the status readings themselves are the samples. The
 * recent window runs from the newest earlier reading that is at least {@value #WINDOW_SECONDS} s
 * old (or from the pool's start, if there is none) to now. Read every second, it covers the last
 * 10 to 11 s; read rarely, it covers the time since the previous reading. Its length is reported
 * with it.
 */
final class UtilisationWindow {

    static final long WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
    /** Readings closer together than this are not kept, which bounds the samples to about a dozen. */
    private static final long SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One reading: when, and the workers' total busy time at that moment. */
    private record Sample(long nanos, long busyNanos) {
    }

    /**
     * @param sinceStart utilisation since the pool started, 0 to 1
     * @param recent utilisation over the recent window, 0 to 1
     * @param windowNanos the recent window's length
     */
    record Reading(double sinceStart, double recent, long windowNanos) {
    }

    private final long startNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    UtilisationWindow(long startNanos) {
        this.startNanos = startNanos;
        samples.add(new Sample(startNanos, 0));
    }

    synchronized Reading read(long now, long busyNanos, int threads) {
        // keep as the base the newest sample that is at least a window old
        while (samples.size() > 1 && now - second().nanos() >= WINDOW_NANOS) {
            samples.removeFirst();
        }
        Sample base = samples.getFirst();
        if (now - samples.getLast().nanos() >= SPACING_NANOS) {
            samples.addLast(new Sample(now, busyNanos));
        }
        return new Reading(ratio(busyNanos, now - startNanos, threads),
                ratio(busyNanos - base.busyNanos(), now - base.nanos(), threads), now - base.nanos());
    }

    private Sample second() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }

    private static double ratio(long busyNanos, long wallNanos, int threads) {
        if (wallNanos <= 0) {
            return 0;
        }
        // the busy time of a running operation is read a moment after the wall clock: never above 1
        return Math.min(1.0, Math.max(0.0, (double) busyNanos / ((double) wallNanos * threads)));
    }
}
