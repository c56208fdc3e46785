package org.enginetls.provider.engines;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.enginetls.provider.impl.engines.RegistryEvent;
import org.enginetls.provider.impl.engines.RegistryListener;

/** Records a registry's events as {@code TYPE id:state}, and lets a test wait (bounded) for one. */
final class RegistryEvents implements RegistryListener {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Semaphore arrived = new Semaphore(0);

    @Override
    public void changed(RegistryEvent event) {
        seen.add(event.type() + " " + event.engine().id() + ":" + event.engine().state());
        arrived.release();
    }

    List<String> seen() {
        return List.copyOf(seen);
    }

    /** Waits up to 10 s for an event that starts with {@code prefix} (e.g. {@code "REMOVED held"}). */
    boolean await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.stream().noneMatch(event -> event.startsWith(prefix))) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !arrived.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                return seen.stream().anyMatch(event -> event.startsWith(prefix));
            }
        }
        return true;
    }
}
