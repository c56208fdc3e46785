package org.enginetls.pkcs11;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Checks the engine's token every {@code retry.ms}: a token that went away is noticed while no
 * operation runs, and a failed one is opened again once the cause is fixed. The check itself runs on
 * the engine's pool (PKCS#11 calls block); this timer only starts it.
 */
final class TokenChecks implements AutoCloseable {

    private final ScheduledExecutorService timer;

    TokenChecks(Pkcs11Engine engine, long periodMillis) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("enginetls-pkcs11-check").daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
        timer = executor;
        timer.scheduleWithFixedDelay(engine::checkToken, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
