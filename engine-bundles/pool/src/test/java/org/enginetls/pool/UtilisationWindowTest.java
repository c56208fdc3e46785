package org.enginetls.pool;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

/** The utilisation figures from explicit clock readings. */
public class UtilisationWindowTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    public void sinceStartIsBusyTimeOverThreadsTimesWallTime() {
        UtilisationWindow window = new UtilisationWindow(0);

        UtilisationWindow.Reading reading = window.read(10 * S, 5 * S, 2);

        assertEquals(0.25, reading.sinceStart(), 1e-9);
        assertEquals("no earlier reading: the window is the whole life", 10 * S, reading.windowNanos());
        assertEquals(0.25, reading.recent(), 1e-9);
    }

    @Test
    public void recentWindowStartsAtTheNewestReadingAtLeastTenSecondsOld() {
        UtilisationWindow window = new UtilisationWindow(0);
        // idle for 100 s, read every 5 s; then both workers busy for the last 10 s
        for (long t = 5; t <= 100; t += 5) {
            window.read(t * S, 0, 2);
        }

        UtilisationWindow.Reading reading = window.read(110 * S, 20 * S, 2);

        assertEquals("the reading at 100 s is the base", 10 * S, reading.windowNanos());
        assertEquals(1.0, reading.recent(), 1e-9);
        assertEquals(20.0 / 220, reading.sinceStart(), 1e-9);
    }

    @Test
    public void readingsOftenerThanOncePerSecondAreNotKeptAndTheWindowStaysNearTenSeconds() {
        UtilisationWindow window = new UtilisationWindow(0);
        for (long ms = 100; ms <= 30_000; ms += 100) {
            window.read(TimeUnit.MILLISECONDS.toNanos(ms), TimeUnit.MILLISECONDS.toNanos(ms) / 2, 1);
        }

        UtilisationWindow.Reading reading = window.read(30_050 * 1_000_000L, 15_025 * 1_000_000L, 1);

        assertEquals(0.5, reading.recent(), 1e-9);
        long windowMillis = TimeUnit.NANOSECONDS.toMillis(reading.windowNanos());
        assertEquals("between 10 and 11 s: " + windowMillis, true, windowMillis >= 10_000 && windowMillis <= 11_000);
    }
}
