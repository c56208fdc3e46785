package org.enginetls.provider.async;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.enginetls.async.AsyncStatus;
import org.enginetls.engine.EngineBusyException;
import org.enginetls.engine.EngineUnavailableException;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobCancelledException;
import org.enginetls.provider.impl.async.JobListener;
import org.enginetls.provider.impl.async.JobPool;
import org.junit.Test;

/** The job layer alone, after OpenSSL's {@code test/asynctest.c}: no TLS, only jobs and waits. */
public class AsyncJobTest {

    /** Records what a job tells its application. */
    private static final class RecordingListener implements JobListener {
        final List<AsyncStatus> statuses = new CopyOnWriteArrayList<>();
        final AtomicInteger wakes = new AtomicInteger();
        final Semaphore woken = new Semaphore(0);

        @Override
        public void setStatus(AsyncStatus status) {
            statuses.add(status);
        }

        @Override
        public void wake() {
            wakes.incrementAndGet();
            woken.release();
        }

        boolean awaitWake() throws InterruptedException {
            return woken.tryAcquire(10, TimeUnit.SECONDS);
        }
    }

    private final JobPool pool = new JobPool(4, TimeUnit.SECONDS.toNanos(10));
    private final RecordingListener listener = new RecordingListener();

    @Test
    public void jobThatNeverWaitsFinishesInStart() throws Exception {
        AsyncJob<String> job = AsyncJob.start(pool, listener, () -> "done");

        assertTrue(job.isFinished());
        assertEquals("done", job.result());
        assertEquals(0, pool.liveJobs());
        assertEquals(0, listener.wakes.get());
    }

    @Test
    public void jobPausesOnIncompleteOperationAndFinishesOnResume() throws Exception {
        CompletableFuture<Integer> operation = new CompletableFuture<>();
        AsyncJob<Integer> job = AsyncJob.start(pool, listener, () -> {
            AsyncJob.current().awaitOperation(operation);
            return operation.join() + 1;
        });

        assertTrue(job.isPaused());
        assertEquals(1, pool.liveJobs());
        assertEquals(List.of(AsyncStatus.OK), listener.statuses);
        assertFalse("not ready: stays paused", job.resume());

        operation.complete(41);
        // the job registers for the completion just after it paused: the wake may come on its thread
        assertTrue("no wake after the completion", listener.awaitWake());
        assertEquals("completion wakes the application once", 1, listener.wakes.get());
        assertTrue(job.resume());
        assertTrue(job.isFinished());
        assertEquals(Integer.valueOf(42), job.result());
        assertEquals(0, pool.liveJobs());
    }

    @Test
    public void currentJobIsTheJobRunningTheBody() throws Exception {
        assertNull(AsyncJob.current());
        AsyncJob<?>[] seen = new AsyncJob<?>[1];
        AsyncJob<Void> job = AsyncJob.start(pool, listener, () -> {
            seen[0] = AsyncJob.current();
            return null;
        });
        assertSame(job, seen[0]);
        assertSame(listener, job.listener());
    }

    @Test
    public void busyOperationPausesWithEagainAndWakesAtOnce() throws Exception {
        CompletableFuture<Void> busy = CompletableFuture.failedFuture(new EngineBusyException("busy"));
        AsyncJob<String> job = AsyncJob.start(pool, listener, () -> {
            AsyncJob.current().awaitOperation(busy);
            return "resubmitted";
        });

        assertTrue(job.isPaused());
        assertEquals(List.of(AsyncStatus.EAGAIN), listener.statuses);
        assertEquals(1, listener.wakes.get());
        assertTrue(job.resume());
        assertEquals("resubmitted", job.result());
    }

    @Test
    public void jobWhoseEngineLeftMovesOnByItselfAndWakesApplicationWhenFinished() throws Exception {
        CompletableFuture<String> onLeavingEngine = new CompletableFuture<>();
        AsyncJob<String> job = AsyncJob.start(pool, listener, () -> {
            AsyncJob.current().awaitOperation(onLeavingEngine);
            try {
                return onLeavingEngine.join();
            } catch (CompletionException left) {
                // the router would fail the operation over to the next engine here
                return "done elsewhere";
            }
        });
        assertTrue(job.isPaused());

        onLeavingEngine.completeExceptionally(new EngineUnavailableException("engine stopped"));

        // the application waits for a wake to call again: without it, an event loop never returns to this engine
        assertTrue("no wake after the job finished on its own", listener.awaitWake());
        assertTrue(job.isFinished());
        assertEquals("done elsewhere", job.result());
        assertEquals(List.of(AsyncStatus.OK), listener.statuses);
        assertEquals(1, listener.wakes.get());
        assertEquals(0, pool.liveJobs());
    }

    @Test
    public void operationThatNeverCompletesTimesOutWithErr() throws Exception {
        JobPool impatient = new JobPool(4, TimeUnit.MILLISECONDS.toNanos(50));
        CompletableFuture<Void> never = new CompletableFuture<>();
        AsyncJob<Void> job = AsyncJob.start(impatient, listener, () -> {
            AsyncJob.current().awaitOperation(never);
            return null;
        });
        assertTrue("the timeout wakes the application", listener.awaitWake());
        assertTrue(job.resume());

        assertTrue(never.isCancelled());
        assertTrue(listener.statuses.contains(AsyncStatus.ERR));
        try {
            job.result();
            fail("the body sees the timeout");
        } catch (TimeoutException expected) {
            // as configured
        }
    }

    @Test
    public void cancelEndsPausedJobAndIgnoresLateCompletion() throws Exception {
        CompletableFuture<Void> operation = new CompletableFuture<>();
        AsyncJob<Void> job = AsyncJob.start(pool, listener, () -> {
            AsyncJob.current().awaitOperation(operation);
            return null;
        });

        job.cancel();

        assertTrue(job.isFinished());
        assertTrue(operation.isCancelled());
        assertEquals(0, pool.liveJobs());
        assertEquals(0, listener.wakes.get());
        try {
            job.result();
            fail();
        } catch (JobCancelledException expected) {
            // the body saw the cancellation
        }
    }

    @Test
    public void fullPoolRefusesNewJobs() throws Exception {
        JobPool small = new JobPool(1, TimeUnit.SECONDS.toNanos(10));
        CompletableFuture<Void> operation = new CompletableFuture<>();
        AsyncJob<Void> first = AsyncJob.start(small, listener, () -> {
            AsyncJob.current().awaitOperation(operation);
            return null;
        });

        assertNull("no room: the caller runs the work itself", AsyncJob.start(small, listener, () -> null));

        operation.complete(null);
        // resume after the wake, as an application does: the completion may reach the job a moment later
        assertTrue("no wake after the completion", listener.awaitWake());
        first.resume();
        assertTrue(first.isFinished());
        assertTrue(AsyncJob.start(small, listener, () -> null).isFinished());
    }
}
