package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import io.loopfx.fx.internal.FxTestLoops;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The FX host: slices, timers, threads, current(). */
class FxEventLoopTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void getIsTheSameLoopFromEveryThreadAndIsRunning() throws Exception {
        FxEventLoop off = FxEventLoop.get();
        FxEventLoop on = onFx(FxEventLoop::get);
        assertSame(off, on);
        assertTrue(off.isRunning(), "the FX loop runs whenever the toolkit runs");
    }

    /** What @FxLoopTest(virtualClock = true) builds on: one FX loop at a time, replaced, then made anew. */
    @Test
    void aVirtualClockLoopReplacesTheFxLoopUntilItIsShutDown() throws Exception {
        IllegalStateException onFxThread = assertThrows(IllegalStateException.class,
                () -> runFx(FxTestLoops::replaceWithVirtualClock));
        assertTrue(onFxThread.getMessage().contains("Replace it from the test's thread"), onFxThread.getMessage());

        FxEventLoop before = FxEventLoop.get();
        FxEventLoop virtual = FxTestLoops.replaceWithVirtualClock();
        try {
            assertTrue(before.isShutDown(), "the toolkit's loop was shut down");
            assertSame(virtual, FxEventLoop.get());
            assertSame(virtual, onFx(EventLoop::current), "current() on the FX thread is the new loop");
            long t0 = virtual.time();
            String answer = virtual.submit(() -> {
                Async.sleep(Duration.ofDays(2)); // the clock jumps: no timer thread waits two days
                return "after two days";
            }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertEquals("after two days", answer);
            assertEquals(Duration.ofDays(2), Duration.ofNanos(virtual.time() - t0));
        } finally {
            virtual.shutdown();
        }
        FxEventLoop after = FxEventLoop.get();
        assertNotSame(virtual, after);
        assertSame(after, onFx(EventLoop::current));
        long a = System.nanoTime(), t = after.time(), b = System.nanoTime();
        assertTrue(a <= t && t <= b, "after the shutdown get() makes a loop on the system clock again");
    }

    @Test
    void currentIsTheFxLoopInPlainFxRunnables() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        assertSame(loop, onFx(EventLoop::current));
    }

    @Test
    void callSoonRunsOnTheFxThreadInOrder() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        runFx(() -> {
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop.callSoon(() -> {
                    assertTrue(Platform.isFxApplicationThread());
                    order.add(n);
                });
            }
            loop.callSoon(done::countDown);
        });
        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) expected.add(i);
        assertEquals(expected, order);
    }

    @Test
    void callSoonAndCallLaterOffTheFxThreadNameTheThreadsafeCall() {
        FxEventLoop loop = FxEventLoop.get();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
        assertTrue(e.getMessage().contains("callSoonThreadsafe"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> loop.callLater(Duration.ofMillis(1), () -> { }));
        assertTrue(e.getMessage().contains("callSoonThreadsafe"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> loop.createTask(() -> null));
        assertTrue(e.getMessage().contains("submit"), e.getMessage());
    }

    @Test
    void callSoonThreadsafeAndSubmitFromManyThreads() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        int threads = 4, each = 10_000;
        AtomicInteger onFx = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(threads * each);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    loop.callSoonThreadsafe(() -> {
                        if (Platform.isFxApplicationThread()) onFx.incrementAndGet();
                        all.countDown();
                    });
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        assertTrue(all.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(threads * each, onFx.get());
        CompletableFuture<String> r = loop.submit(() -> {
            Async.sleep(Duration.ofMillis(1));
            return Platform.isFxApplicationThread() ? "fx" : "not fx";
        });
        assertEquals("fx", r.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void timersFireInDeadlineOrderAndNeverEarly() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        int n = 60;
        List<Long> lateness = new CopyOnWriteArrayList<>();
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(n);
        runFx(() -> {
            long base = loop.time();
            for (int i = 0; i < n; i++) {
                int ms = (i * 7) % 31; // deadlines out of scheduling order, several equal
                int id = i;
                long deadline = base + TimeUnit.MILLISECONDS.toNanos(ms);
                loop.callAt(deadline, () -> {
                    lateness.add(loop.time() - deadline);
                    order.add(ms * 1000 + id);
                    done.countDown();
                });
            }
        });
        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(lateness.stream().allMatch(l -> l >= 0), "a timer fired early: " + lateness);
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "timers ran out of (deadline, scheduling) order");
    }

    @Test
    void aLongQueueDrainsInSlicesSoOtherFxWorkInterleaves() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        int n = 200_000;
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Integer> seenByRunLater = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        runFx(() -> {
            for (int i = 0; i < n; i++) {
                loop.callSoon(() -> {
                    long until = System.nanoTime() + 1_000; // ~1 us of work each: ~200 ms in all
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    ran.incrementAndGet();
                });
            }
            loop.callSoon(done::countDown);
            // posted after the callbacks: runs between two slices, long before they are all done
            Platform.runLater(() -> seenByRunLater.complete(ran.get()));
        });
        int seen = seenByRunLater.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(seen < n / 2, "the FX thread was not given back while callbacks drained (ran before: " + seen + ")");
    }

    @Test
    void sliceBudgetIsConfigurableAndValidated() {
        FxEventLoop loop = FxEventLoop.get();
        Duration old = loop.sliceBudget();
        try {
            loop.setSliceBudget(Duration.ofMillis(2));
            assertEquals(Duration.ofMillis(2), loop.sliceBudget());
            assertThrows(IllegalArgumentException.class, () -> loop.setSliceBudget(Duration.ZERO));
            assertThrows(NullPointerException.class, () -> loop.setSliceBudget(null));
        } finally {
            loop.setSliceBudget(old);
        }
    }

    @Test
    void aFailingCallbackGoesToTheExceptionHandlerAndTheLoopGoesOn() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        List<ErrorContext> errors = captureErrors(loop);
        try {
            CountDownLatch after = new CountDownLatch(1);
            runFx(() -> {
                loop.callSoon(() -> {
                    throw new IllegalArgumentException("boom");
                });
                loop.callSoon(after::countDown);
            });
            assertTrue(after.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, errors.size());
            assertEquals("boom", errors.getFirst().exception().getMessage());
        } finally {
            loop.setExceptionHandler(null);
        }
    }

    @Test
    void everyAwaitResumesOnTheFxThread() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        CompletableFuture<List<Boolean>> result = loop.submit(() -> {
            List<Boolean> onFx = new ArrayList<>();
            onFx.add(Platform.isFxApplicationThread());
            Async.sleep(Duration.ofMillis(2));
            onFx.add(Platform.isFxApplicationThread());
            CompletableFuture<String> worker = CompletableFuture.supplyAsync(() -> "w");
            Async.await(worker);
            onFx.add(Platform.isFxApplicationThread());
            Task<?> self = Async.currentTask();
            onFx.add(self != null && Platform.isFxApplicationThread());
            Async.await(loop.runInExecutor(null, () -> 1));
            onFx.add(Platform.isFxApplicationThread());
            Async.yieldNow();
            onFx.add(Platform.isFxApplicationThread());
            return onFx;
        });
        assertEquals(List.of(true, true, true, true, true, true), result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aTimerSetRightBeforeACallbackBlocksInAForeignNestedLoopStillFires() throws Exception {
        // A timer callback sets the next timer and then blocks in a nested loop loopfx does not run (a dialog's
        // showAndWait, as task code may call): the slice never ends, so the new deadline must reach the timer
        // thread at once, not at the end of the slice. Found by the nested-loop harness (scenario 5).
        FxEventLoop loop = FxEventLoop.get();
        Object key = new Object();
        CompletableFuture<String> fired = new CompletableFuture<>();
        CompletableFuture<Object> returned = new CompletableFuture<>();
        runFx(() -> loop.callLater(Duration.ofMillis(1), () -> {
            loop.callLater(Duration.ofMillis(1), () -> {
                fired.complete("fired inside the nested loop");
                Platform.exitNestedEventLoop(key, null);
            });
            returned.complete(Platform.enterNestedEventLoop(key));
        }));
        assertEquals("fired inside the nested loop", fired.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        returned.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void callbacksQueuedBehindOneThatBlocksInAForeignNestedLoopStillRun() throws Exception {
        // The first callback of a slice blocks in a nested loop loopfx does not run (showAndWait in task code):
        // the slice never ends, so the callbacks behind it need a slice of their own. Found by the harness (5).
        FxEventLoop loop = FxEventLoop.get();
        Object key = new Object();
        CompletableFuture<String> ran = new CompletableFuture<>();
        CompletableFuture<Object> returned = new CompletableFuture<>();
        runFx(() -> {
            loop.callSoon(() -> returned.complete(Platform.enterNestedEventLoop(key)));
            loop.callSoon(() -> {
                ran.complete("ran while the first one blocks");
                Platform.exitNestedEventLoop(key, "left");
            });
        });
        assertEquals("ran while the first one blocks", ran.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals("left", returned.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void joinAndGetOnTheFxThreadThrowInsteadOfDeadlocking() throws Exception {
        // submit()'s CompletableFuture refuses to block the FX thread, which alone could complete it (harness 10b)
        FxEventLoop loop = FxEventLoop.get();
        String msg = onFx(() -> {
            CompletableFuture<String> cf = loop.submit(() -> {
                Async.yieldNow();
                return "x";
            });
            IllegalStateException join = assertThrows(IllegalStateException.class, cf::join);
            assertThrows(IllegalStateException.class, cf::get);
            assertThrows(IllegalStateException.class, () -> cf.get(1, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> cf.thenApply(s -> s + "!").join(), "derived stages too");
            return join.getMessage();
        });
        assertTrue(msg.startsWith("join()") && msg.contains("Async.await"), msg);
    }

    @Test
    void offTheFxThreadTheFutureBlocksAsUsualAndKeepsFailuresAndCancellation() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        assertEquals("x!", loop.submit(() -> "x").thenApply(s -> s + "!").get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        CompletableFuture<Object> failing = loop.submit(() -> {
            throw boom;
        });
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        CompletableFuture<Boolean> finallyRan = new CompletableFuture<>();
        CompletableFuture<Object> forever = loop.submit(() -> {
            try {
                Async.await(loop.createFuture());
                return null;
            } finally {
                finallyRan.complete(true);
            }
        });
        // suspended in its await, not just created: a task cancelled before its first step never runs its body
        waitUntilFx("the task awaits", () -> loop.allTasks().stream().anyMatch(t -> t.waitingOn() != null));
        forever.cancel(false);
        assertTrue(finallyRan.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), "cancelling the future cancels the task");
        // done futures may be read on the FX thread
        CompletableFuture<String> done = loop.submit(() -> "done");
        assertEquals("done", done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals("done", onFx(done::join));
    }

    /** The FX loop adds FX methods; what every EventLoop method means is the core's, on every host. */
    @Test
    void theFxLoopOverridesNoEventLoopMethod() {
        java.util.Set<String> loopMethods = new java.util.HashSet<>();
        for (java.lang.reflect.Method m : EventLoop.class.getMethods()) {
            loopMethods.add(m.getName() + java.util.Arrays.toString(m.getParameterTypes()));
        }
        List<String> overridden = new ArrayList<>();
        for (java.lang.reflect.Method m : FxEventLoop.class.getDeclaredMethods()) {
            String sig = m.getName() + java.util.Arrays.toString(m.getParameterTypes());
            if (!m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()) && loopMethods.contains(sig)) {
                overridden.add(sig);
            }
        }
        assertEquals(List.of(), overridden);
    }
}
