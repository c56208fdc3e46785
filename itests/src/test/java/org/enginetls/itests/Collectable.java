package org.enginetls.itests;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A weak reference a test expects the garbage collector to clear. {@link #collected()} collects in a
 * bounded loop: allocate, {@code System.gc()}, then wait briefly for the reference to be enqueued,
 * which gives reference processing (cleaners ending their threads, say) its turn between rounds.
 */
final class Collectable {

    private static final int ROUNDS = 50;
    private static final long ENQUEUE_WAIT_MILLIS = 100;

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final WeakReference<Object> reference;
    private final String description;

    Collectable(Object referent, String description) {
        this.reference = new WeakReference<>(referent, queue);
        this.description = description;
    }

    /** Whether the referent is gone after at most {@value #ROUNDS} collections. */
    boolean collected() throws InterruptedException {
        for (int round = 0; round < ROUNDS && !reference.refersTo(null); round++) {
            allocate();
            System.gc();
            if (queue.remove(ENQUEUE_WAIT_MILLIS) != null) {
                return true;
            }
        }
        return reference.refersTo(null);
    }

    /** The referent while it lives (a test must not keep it), or {@code null}. */
    Object get() {
        return reference.get();
    }

    @Override
    public String toString() {
        return description;
    }

    private static void allocate() {
        // some garbage, so that a collection finds work in the young generation too
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[64 * 1024];
        }
        if (garbage[garbage.length - 1].length == 0) {
            throw new AssertionError();
        }
    }
}
