package io.loopfx.core.contract;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.TimerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every host must give the one loop implementation, run against each host: the thread host, the virtual
 * clock, the JavaFX host (on Monocle and on GTK) and {@link TrivialHost}. A new host (Swing's EDT, SWT) proves
 * itself by extending this class. Every check goes through the public API; timing is never asserted, only
 * order and "never early".
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard: a lost wake-up hangs
public abstract class HostContract {
    /** How long a test waits for the loop before it calls the wait a hang. */
    protected static final long PATIENCE_SECONDS = 20;

    /** The loop under test, fresh for each test. */
    protected EventLoop loop;

    /**
     * Creates the loop under test, on the test's thread.
     *
     * @return a new loop on the host under test
     * @throws Exception if it cannot be made
     */
    protected abstract EventLoop createLoop() throws Exception;

    /**
     * Makes the loop run: a thread that calls {@code runForever}, or nothing for a host that drives it by itself.
     *
     * @param loop the loop
     * @throws Exception if it cannot
     */
    protected abstract void startDriving(EventLoop loop) throws Exception;

    /**
     * Stops driving and closes the loop.
     *
     * @param loop the loop
     * @throws Exception if it cannot
     */
    protected abstract void stopDrivingAndClose(EventLoop loop) throws Exception;

    /**
     * Returns whether the host runs the loop nested inside one of its callbacks ({@code runUntilComplete} there).
     *
     * @return true if nested runs work
     */
    protected abstract boolean supportsNestedRuns();

    @BeforeEach
    void startLoop() throws Exception {
        loop = createLoop();
        startDriving(loop);
    }

    @AfterEach
    void closeLoop() throws Exception {
        if (!loop.isClosed()) stopDrivingAndClose(loop);
    }

    /** Runs {@code action} as a callback on the loop and returns its result. */
    protected final <T> T onLoop(Callable<T> action) throws Exception {
        return LoopRunner.callOn(loop, action);
    }

    @Test
    void callbacksRunOnTheLoopInFifoOrderAndSeeTheLoopAsCurrent() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> current = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            for (int i = 0; i < 1000; i++) {
                int n = i;
                loop.callSoon(() -> {
                    order.add(n);
                    current.add(EventLoop.current() == loop);
                });
            }
            return null;
        });
        onLoop(() -> null);
        assertEquals(1000, order.size());
        for (int i = 0; i < 1000; i++) assertEquals(i, order.get(i));
        assertFalse(current.contains(false), "EventLoop.current() is the loop inside its callbacks");
    }

    @Test
    void callbacksFromOtherThreadsWakeTheLoopRunOnceEachAndKeepEachProducersOrder() throws Exception {
        int producers = 4, each = 2_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int p = 0; p < producers; p++) seen.add(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(producers * each);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            List<Integer> mine = seen.get(p);
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    int n = i;
                    loop.callSoonThreadsafe(() -> {
                        mine.add(n); // only the loop thread touches it
                        all.countDown();
                    });
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        assertTrue(all.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "every callback ran (no lost wake-up)");
        List<List<Integer>> copy = onLoop(() -> List.copyOf(seen));
        for (List<Integer> mine : copy) {
            assertEquals(each, mine.size());
            for (int i = 0; i < each; i++) assertEquals(i, mine.get(i));
        }
    }

    @Test
    void timersFireInDeadlineOrderAndNeverEarly() throws Exception {
        Random random = new Random(42);
        int n = 50;
        CountDownLatch fired = new CountDownLatch(n);
        List<long[]> runs = Collections.synchronizedList(new ArrayList<>()); // {when, time at run, sequence}
        onLoop(() -> {
            for (int i = 0; i < n; i++) {
                long seq = i;
                TimerHandle[] h = new TimerHandle[1];
                h[0] = loop.callLater(Duration.ofNanos(random.nextInt(3_000_000)), () -> {
                    runs.add(new long[]{h[0].when(), loop.time(), seq});
                    fired.countDown();
                });
            }
            return null;
        });
        assertTrue(fired.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
        for (long[] r : runs) assertTrue(r[1] >= r[0], "a timer ran " + (r[0] - r[1]) + " ns early");
        for (int i = 1; i < runs.size(); i++) {
            long[] a = runs.get(i - 1), b = runs.get(i);
            assertTrue(a[0] < b[0] || (a[0] == b[0] && a[2] < b[2]), "timers ran in (deadline, scheduling) order");
        }
    }

    @Test
    void aCallbackScheduledByACallbackRunsAfterTheOnesAlreadyReady() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            loop.callSoon(() -> {
                log.add("a");
                loop.callSoon(() -> log.add("c"));
            });
            loop.callSoon(() -> log.add("b"));
            return null;
        });
        onLoop(() -> null);
        onLoop(() -> null);
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void aTaskAwaitingAFutureCompletedByAnotherThreadResumesOnTheLoop() throws Exception {
        CompletableFuture<String> outside = new CompletableFuture<>();
        CompletableFuture<String> result = loop.submit(() -> {
            String v = Async.await(outside);
            return v + (EventLoop.current() == loop ? " on the loop" : " elsewhere");
        });
        onLoop(() -> null); // the task is suspended now
        new Thread(() -> outside.complete("value")).start();
        assertEquals("value on the loop", result.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void runUntilCompleteInACallbackNestsWhereTheHostSupportsItAndIsRefusedElsewhere() throws Exception {
        String outcome = onLoop(() -> {
            LoopFuture<String> f = loop.createFuture();
            loop.callSoon(() -> f.setResult("nested"));
            try {
                return loop.runUntilComplete(f);
            } catch (IllegalStateException refused) {
                return "refused: " + refused.getMessage();
            }
        });
        if (supportsNestedRuns()) assertEquals("nested", outcome);
        else assertTrue(outcome.startsWith("refused: ") && outcome.contains("already running"), outcome);
        assertEquals("still running", onLoop(() -> "still running"));
    }

    @Test
    void afterCloseTheLoopRefusesWorkWithAClearMessage() throws Exception {
        stopDrivingAndClose(loop);
        assertTrue(loop.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        ExecutionException late = assertThrows(ExecutionException.class, () -> {
            try {
                loop.submit(() -> "late").get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (IllegalStateException refusedAtOnce) {
                throw new ExecutionException(refusedAtOnce);
            }
        });
        assertInstanceOf(IllegalStateException.class, late.getCause());
    }
}
