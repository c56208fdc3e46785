package org.enginetls.provider.async;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.enginetls.async.AsyncStatus;
import org.enginetls.provider.impl.async.AsyncJob;
import org.enginetls.provider.impl.async.JobCancelledException;
import org.enginetls.provider.impl.async.JobListener;
import org.enginetls.provider.impl.async.JobPool;
import org.junit.Test;

/**
 * The job layer alone, after OpenSSL's {@code test/asynctest.c}: a job starts, pauses, resumes and is
 * cancelled, and interprets nothing &mdash; it never tells its application anything by itself. What an
 * engine's answer means to the application is pinned in {@code AwaitedOperationTest}.
 */
public class AsyncJobTest {

    /** Records anything a job might tell its application: a job must tell it nothing. */
    private static final class RecordingListener implements JobListener {
        final List<Object> heard = new CopyOnWriteArrayList<>();

        @Override
        public void setStatus(AsyncStatus status) {
            heard.add(status);
        }

        @Override
        public void wake() {
            heard.add("wake");
        }
    }

    private final JobPool pool = new JobPool(4);
    private final RecordingListener listener = new RecordingListener();

    @Test
    public void jobThatNeverPausesFinishesInStart() throws Exception {
        AsyncJob<String> job = AsyncJob.start(pool, listener, () -> "done");

        assertTrue(job.isFinished());
        assertEquals("done", job.result());
        assertEquals(0, pool.liveJobs());
        assertEquals(List.of(), listener.heard);
    }

    @Test
    public void pausedJobContinuesOnlyOnResumeAndPausesAgainWhenItSaysSo() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        AsyncJob<Integer> job = AsyncJob.start(pool, listener, () -> {
            steps.add("first");
            AsyncJob.current().pause();
            steps.add("second");
            AsyncJob.current().pause();
            steps.add("third");
            return 42;
        });

        assertTrue(job.isPaused());
        assertEquals(1, pool.liveJobs());
        assertEquals(List.of("first"), steps);
        assertFalse("paused again", job.resume());
        assertTrue(job.isPaused());
        assertEquals(List.of("first", "second"), steps);
        assertTrue("finished", job.resume());
        assertEquals(Integer.valueOf(42), job.result());
        assertEquals(List.of("first", "second", "third"), steps);
        assertEquals(0, pool.liveJobs());
        assertEquals("a job tells its application nothing", List.of(), listener.heard);
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
    public void cancelRunsTheCancellationActionOnTheCancellingThreadAndEndsThePause() throws Exception {
        List<Thread> actionRanOn = new CopyOnWriteArrayList<>();
        AsyncJob<Void> job = AsyncJob.start(pool, listener, () -> {
            AsyncJob.current().onCancel(() -> actionRanOn.add(Thread.currentThread()));
            AsyncJob.current().pause();
            return null;
        });

        job.cancel();

        assertEquals(List.of(Thread.currentThread()), actionRanOn);
        assertTrue("cancel returns once the job has finished", job.isFinished());
        assertTrue(job.isCancelled());
        assertEquals(0, pool.liveJobs());
        assertEquals(List.of(), listener.heard);
        try {
            job.result();
            fail();
        } catch (JobCancelledException expected) {
            // the body saw the cancellation
        }
    }

    @Test
    public void cancelledJobCannotPauseOrTakeANewCancellationAction() throws Exception {
        AsyncJob<String> job = AsyncJob.start(pool, listener, () -> {
            try {
                AsyncJob.current().pause();
            } catch (JobCancelledException first) {
                // the body may clean up, but it cannot wait again
            }
            try {
                AsyncJob.current().pause();
                return "paused after its cancellation";
            } catch (JobCancelledException expected) {
                // as it must
            }
            try {
                AsyncJob.current().onCancel(() -> { });
                return "took an action after its cancellation";
            } catch (JobCancelledException expected) {
                return "refused";
            }
        });
        job.cancel();

        assertEquals("refused", job.result());
    }

    @Test
    public void fullPoolRefusesNewJobs() throws Exception {
        JobPool small = new JobPool(1);
        AsyncJob<Void> first = AsyncJob.start(small, listener, () -> {
            AsyncJob.current().pause();
            return null;
        });

        assertNull("no room: the caller runs the work itself", AsyncJob.start(small, listener, () -> null));

        assertTrue(first.resume());
        assertTrue(AsyncJob.start(small, listener, () -> null).isFinished());
    }
}
