package io.loopfx.core;

import io.loopfx.core.contract.TrivialHost;
import io.loopfx.core.internal.ThreadHost;
import io.loopfx.core.spi.LoopClock;
import io.loopfx.core.spi.NestingGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One regression test per defect of the outside review (issue 10), each named for the behaviour that failed
 * at 3e6cedf. The cross-thread ones put the other thread's action exactly into the window that lost it, through a
 * host whose idle step runs it, instead of hoping a race hits; the jcstress suite covers the races at random.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard: several defects were hangs
class CorrectnessRegressionTest {
    private static final long PATIENCE_SECONDS = 20;

    /**
     * A real clock that, the first time the thread host is about to wait for a timer (it asks the clock whether
     * it may skip there), runs {@code inWindow} on another thread: exactly between the loop's done check and
     * its park.
     */
    private static final class WindowClock implements LoopClock {
        private final Runnable inWindow;
        private boolean done;

        WindowClock(Runnable inWindow) {
            this.inWindow = inWindow;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean skipTo(long deadline) {
            if (!done) {
                done = true;
                Thread other = new Thread(inWindow, "other");
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return false;
        }
    }

    /** A loop on a thread host whose clock runs {@code inWindow} in the idle window; a far timer makes it wait. */
    private static CoreLoop loopWithWindow(Runnable inWindow) {
        CoreLoop loop = new CoreLoop(new ThreadHost(), new WindowClock(inWindow), null, null);
        loop.callLater(Duration.ofHours(1), () -> { });
        return loop;
    }

    /** Runs {@code body} on a daemon thread and fails if it does not end in time (a hang is the defect). */
    private static void endsInTime(String what, ThrowingRunnable body) throws Exception {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                ended.complete(null);
            } catch (Throwable e) {
                ended.completeExceptionally(e);
            }
        }, "under-test");
        t.setDaemon(true);
        t.start();
        try {
            ended.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + " hung", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw new AssertionError(e.getCause());
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // 1 ---------------------------------------------------------------------------------------------------------

    @Test
    void stopFromAnotherThreadBetweenTheDoneCheckAndParkingStillEndsRunForever() throws Exception {
        CoreLoop[] loop = new CoreLoop[1];
        loop[0] = loopWithWindow(() -> loop[0].stop());
        endsInTime("runForever after a stop() in the idle window", loop[0]::runForever);
        loop[0].close();
    }

    @Test
    void aFutureCancelledFromAnotherThreadBetweenTheDoneCheckAndParkingEndsRunUntilComplete() throws Exception {
        CoreLoop[] loop = new CoreLoop[1];
        List<LoopFuture<String>> future = new ArrayList<>();
        loop[0] = loopWithWindow(() -> future.get(0).cancel(true));
        future.add(loop[0].createFuture());
        endsInTime("runUntilComplete after a cross-thread cancel in the idle window",
                () -> assertThrows(CancellationException.class, () -> loop[0].runUntilComplete(future.get(0))));
        loop[0].close();
    }

    // 2 ---------------------------------------------------------------------------------------------------------

    @Test
    void aCallbackThatRunsANestedLoopDoesNotBreakTheIterationItRanIn() throws Exception {
        CoreLoop loop = new CoreLoop(new TrivialHost(), LoopClock.system(), new NestingGuard() {
            @Override
            public void checkCanNest(String call) {
            }

            @Override
            public boolean calledByNestedLoop() {
                return false;
            }
        }, null);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reported = new AtomicInteger();
        loop.setExceptionHandler((l, ctx) -> reported.incrementAndGet());
        LoopFuture<String> inner = loop.createFuture();
        loop.callSoon(() -> {
            log.add("outer callback enters a nested loop");
            try {
                log.add("nested result " + loop.runUntilComplete(inner));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        loop.callSoon(() -> log.add("second"));                  // ready in the same iteration: the nested loop runs it
        loop.callSoon(() -> inner.setResult("done"));
        loop.callSoon(() -> loop.callLater(Duration.ofMillis(1), () -> {
            log.add("timer after the nesting");
            loop.stop();
        }));
        endsInTime("the loop after a nested run", loop::runForever);
        assertEquals(List.of("outer callback enters a nested loop", "second", "nested result done",
                "timer after the nesting"), log);
        assertEquals(0, reported.get(), "nothing was reported to the exception handler");
        loop.close();
    }

    // 3 ---------------------------------------------------------------------------------------------------------

    @Test
    void closeCancelsAndReportsAcceptedCallbacksAndFailsSubmitFutures() throws Exception {
        EventLoop loop = EventLoop.create();
        List<ErrorContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Handle soon = loop.callSoon(() -> { });
        Handle[] fromOther = new Handle[1];
        List<CompletableFuture<String>> submitted = new ArrayList<>();
        Thread other = new Thread(() -> {
            fromOther[0] = loop.callSoonThreadsafe(() -> { });
            loop.execute(() -> { });
            submitted.add(loop.submit(() -> "never"));
        });
        other.start();
        other.join();
        TimerHandle later = loop.callLater(Duration.ofHours(1), () -> { });

        loop.close();

        assertTrue(soon.isCancelled(), "a callSoon handle that never ran reports cancelled");
        assertTrue(fromOther[0].isCancelled(), "a callSoonThreadsafe handle that never ran reports cancelled");
        assertTrue(later.isCancelled(), "a timer that never fired reports cancelled");
        ExecutionException e = assertThrows(ExecutionException.class, () -> submitted.get(0).get(1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("closed before the coroutine given to submit() started"),
                e.getCause().getMessage());
        assertEquals(1, reports.size(), "the drop is reported once: " + reports);
        assertTrue(reports.get(0).message().contains("4 callback(s)"), reports.get(0).message());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    }

    @Test
    void closeFailsTheCompletableFutureOfAPendingSubmittedTask() throws Exception {
        EventLoop loop = EventLoop.create();
        loop.setExceptionHandler((l, ctx) -> { }); // the pending task is reported; that is not what this test is about
        CompletableFuture<String> cf = loop.submit(() -> {
            Async.sleep(Duration.ofHours(1));
            return "late";
        });
        loop.callLater(Duration.ofMillis(1), loop::stop);
        loop.runForever(); // the task starts and sleeps
        loop.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("was closed before"), e.getCause().getMessage());
    }

    // 4 ---------------------------------------------------------------------------------------------------------

    @Test
    void settingATasksOutcomeFromOutsideIsRefusedAndTheBodyStillRunsToItsFinally() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> log = new ArrayList<>();
            String r = loop.runUntilComplete(() -> {
                Task<String> child = loop.createTask(() -> {
                    try {
                        Async.sleep(Duration.ofSeconds(1));
                        return "body";
                    } finally {
                        log.add("finally");
                    }
                });
                Async.yieldNow();
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> child.setResult("outside"));
                assertTrue(e.getMessage().contains("cancel()"), e.getMessage());
                assertThrows(UnsupportedOperationException.class, () -> child.setException(new RuntimeException()));
                assertFalse(child.isDone());
                return Async.await(child);
            });
            assertEquals("body", r);
            assertEquals(List.of("finally"), log);
        }
    }

    // 5 ---------------------------------------------------------------------------------------------------------

    @Test
    void aTaskAwaitingItselfFailsAtOnceWithAClearError() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            String message = loop.runUntilComplete(() -> {
                try {
                    Async.await(Async.currentTask());
                    return "awaited itself";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            assertTrue(message.contains("awaits itself"), message);
        }
    }

    @Test
    void anAwaitCycleIsRefusedAndWhatATaskAwaitsIsDescribedWithoutRecursing() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            String message = loop.runUntilComplete(() -> {
                List<Task<?>> tasks = new ArrayList<>();
                LoopFuture<String> gate = loop.createFuture();
                Task<String> a = loop.createTask("A", () -> Async.await(gate) + Async.await(tasks.get(1)));
                Task<String> b = loop.createTask("B", () -> {
                    Async.yieldNow();
                    return (String) Async.await(tasks.get(0));              // B awaits A, which awaits gate
                });
                tasks.add(a);
                tasks.add(b);
                Async.sleep(Duration.ofSeconds(1));
                assertTrue(b.toString().contains("waiting on Task 'A' -> LoopFuture[pending]"), b.toString());
                gate.setResult("go");                                        // A now awaits B: a cycle
                String error;
                try {
                    Async.await(a);
                    error = "no error";
                } catch (IllegalStateException e) {
                    error = e.getMessage();
                }
                assertThrows(IllegalStateException.class, () -> Async.await(b), "B gets A's failure");
                return error;
            });
            assertTrue(message.contains("Task 'A' would wait forever: it awaits Task 'B', which awaits it"), message);
        }
    }

    // 6 ---------------------------------------------------------------------------------------------------------

    @Test
    void aCancelledGatherThrowsOnlyAfterEveryChildsFinallyHasRunEvenOneThatAwaits() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> log = new ArrayList<>();
            Task<Object> caller = loop.createTask(() -> {
                try {
                    Coroutine<String> quick = () -> {
                        try {
                            Async.sleep(Duration.ofHours(1));
                            return "quick";
                        } finally {
                            log.add("quick finally");
                        }
                    };
                    Coroutine<String> slow = () -> {
                        try {
                            Async.sleep(Duration.ofHours(1));
                            return "slow";
                        } finally {
                            log.add("slow finally begins");
                            Async.await(loop.createTask(() -> {
                                Async.sleep(Duration.ofSeconds(5));              // uncancelled work in a finally
                                return null;
                            }));
                            log.add("slow finally ends");
                        }
                    };
                    return Async.gather(List.of(loop.createTask(quick), loop.createTask(slow)));
                } finally {
                    log.add("caller finally");
                }
            });
            loop.callLater(Duration.ofSeconds(1), caller::cancel);
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(caller));
            assertEquals(List.of("quick finally", "slow finally begins", "slow finally ends", "caller finally"), log);
            assertEquals(Duration.ofSeconds(6).toNanos(), loop.time(), "the caller waited for the slow finally");
        }
    }

    // 7 ---------------------------------------------------------------------------------------------------------

    /** Awaits inside a static initializer, where the continuation is pinned and cannot yield. */
    static final class PinnedAwait {
        static final String MESSAGE;

        static {
            String m;
            try {
                Async.sleep(Duration.ofSeconds(1));
                m = "slept";
            } catch (IllegalStateException e) {
                m = e.getMessage();
            }
            MESSAGE = m;
        }
    }

    @Test
    void aCancellationPendingAtAPinnedAwaitStaysPendingForTheNextAwait() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> log = new ArrayList<>();
            Task<Void> task = loop.createTask(() -> {
                Async.currentTask().cancel();                           // pending: delivered at the next await
                log.add(PinnedAwait.MESSAGE.contains("Pinned") ? "pinned error" : PinnedAwait.MESSAGE);
                try {
                    Async.sleep(Duration.ofMillis(500));
                    log.add("slept " + loop.time() / 1_000_000 + " ms");
                } catch (CancellationException e) {
                    log.add("cancelled at the next await");
                    throw e;
                }
                return null;
            });
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(task));
            assertEquals(List.of("pinned error", "cancelled at the next await"), log);
            assertEquals(0, loop.time());
        }
    }

    // 9 (the loop-core side; the FX side is in FxEventLoopTest) --------------------------------------------------

    @Test
    void completingAFutureFromAnotherThreadThanTheRunningLoopsIsRefused() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            LoopFuture<String> f = lt.call(() -> lt.loop.createFuture());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.setResult("x"));
            assertTrue(e.getMessage().contains("setResult()") && e.getMessage().contains("callSoonThreadsafe"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> f.setException(new RuntimeException()));
            assertThrows(IllegalStateException.class, () -> f.addDoneCallback(x -> { }));
            assertFalse(f.isDone());
            lt.call(() -> {
                f.setResult("on the loop");
                return null;
            });
            assertEquals("on the loop", f.get());
        }
    }

    // 10 --------------------------------------------------------------------------------------------------------

    @Test
    void aCallbackPostedFromAnotherThreadRunsBeforeACallSoonItHappenedBefore() throws Exception {
        EventLoop loop = EventLoop.create();
        List<String> order = new ArrayList<>();
        Thread other = new Thread(() -> loop.callSoonThreadsafe(() -> order.add("threadsafe")));
        other.start();
        other.join();                                                     // happens-before the callSoon below
        loop.callSoon(() -> order.add("soon"));
        loop.callSoon(() -> {
            Thread again = new Thread(() -> loop.callSoonThreadsafe(() -> order.add("threadsafe while running")));
            again.start();
            try {
                again.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            loop.callSoon(() -> order.add("soon while running"));
            loop.callSoon(loop::stop);
        });
        loop.runForever();
        loop.close();
        assertEquals(List.of("threadsafe", "soon", "threadsafe while running", "soon while running"), order);
    }

    // 11 --------------------------------------------------------------------------------------------------------

    @Test
    void theCompletableFutureOfADoneFutureIsDoneAtOnce() throws Exception {
        EventLoop loop = EventLoop.create();
        LoopFuture<String> f = loop.createFuture();
        f.setResult("value");
        loop.close();                                                     // the loop never runs again
        CompletableFuture<String> cf = f.toCompletableFuture();
        assertTrue(cf.isDone());
        assertEquals("value", cf.join());
        LoopFuture<String> failed = EventLoop.create().createFuture();
        failed.setException(new IllegalArgumentException("bad"));
        assertInstanceOf(IllegalArgumentException.class,
                assertThrows(ExecutionException.class, () -> failed.toCompletableFuture().get(0, TimeUnit.SECONDS)).getCause());
    }

    // 13 --------------------------------------------------------------------------------------------------------

    @Test
    void cancellingAFutureFromAnotherThreadIsSafeAndImmediate() throws Exception {
        EventLoop loop = EventLoop.create();
        loop.setDebug(true);                       // the debug checks must not take the Future method for misuse
        try (LoopThread lt = new LoopThread(loop)) {
            LoopFuture<String> f = lt.call(loop::createFuture);
            List<String> callbackThreads = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch called = new CountDownLatch(1);
            lt.call(() -> {
                f.addDoneCallback(x -> {
                    callbackThreads.add(Thread.currentThread().getName());
                    called.countDown();
                });
                return null;
            });
            lt.awaitParked();
            assertTrue(f.cancel(true));
            assertTrue(f.isCancelled(), "cancelled when cancel(true) returns");
            assertFalse(f.cancel(true), "only once");
            assertTrue(called.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("test-loop"), callbackThreads, "the done callback ran once, on the loop thread");
            lt.call(() -> {
                f.setResult("too late");                 // the loop lost the race to the other thread: no error
                return null;
            });
            assertTrue(f.isCancelled(), "the cancellation stands");
            LoopFuture<String> done = lt.call(() -> {
                LoopFuture<String> g = loop.createFuture();
                g.cancel();
                return g;
            });
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> lt.call(() -> {
                done.setResult("after a cancel on the loop itself");
                return null;
            }));
            assertTrue(twice.getMessage().contains("already done"), twice.getMessage());
            // The loop still works: a batch from another thread runs whole and in order.
            List<Integer> batch = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 1000; i++) {
                int n = i;
                loop.callSoonThreadsafe(() -> batch.add(n));
            }
            lt.call(() -> null);
            assertEquals(1000, batch.size());
            for (int i = 0; i < 1000; i++) assertEquals(i, batch.get(i));
        }
    }

    @Test
    void cancellingATaskFromAnotherThreadDeliversTheCancellationOnTheLoop() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Task<String> task = lt.call(() -> lt.loop.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return "slept";
                } finally {
                    log.add("finally on " + Thread.currentThread().getName());
                }
            }));
            lt.call(() -> null);
            assertTrue(task.cancel(true));
            assertThrows(CancellationException.class, () -> task.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertEquals(List.of("finally on test-loop"), log);
        }
    }

    // the TimerHandle count ------------------------------------------------------------------------------------

    @Test
    void timersCancelledFromTwoThreadsAtOnceLeaveNoCancelledTimersPilingUp() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            CoreLoop loop = (CoreLoop) lt.loop;
            int n = 200_000;
            List<TimerHandle> timers = lt.call(() -> {
                loop.callLater(Duration.ofMinutes(30), () -> { });    // a live timer ahead of all the cancelled ones
                List<TimerHandle> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) list.add(loop.callLater(Duration.ofHours(1), () -> { }));
                return list;
            });
            CountDownLatch start = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i < n; i += 2) timers.get(i).cancel();
            });
            other.start();
            lt.call(() -> {
                start.countDown();
                for (int i = 0; i < n; i += 2) timers.get(i).cancel();
                return null;
            });
            other.join();
            lt.call(() -> null);                                      // the cross-thread counts arrive
            int size = lt.call(loop::timerHeapSize);
            assertTrue(size <= 1 + 100, "cancelled timers were compacted away; heap size " + size);
        }
    }

    // 12 (found in the FX bridge; the wait lives in the core now) ----------------------------------------------

    /** An off-thread runUntilComplete on a loop its host runs by itself, whose registration races shutdown(). */
    @Test
    @Timeout(60)
    void anOffThreadRunUntilCompleteRacingShutdownEndsWithTheShutdownError() throws Exception {
        TrivialHost host = new TrivialHost();
        CoreLoop loop = new CoreLoop(host, LoopClock.system(), null, null);
        Thread hostThread = new Thread(() -> host.runByItself(loop::isClosed), "host");
        hostThread.start();
        LoopFuture<String> never = loop.submit(() -> loop.<String>createFuture()).get(10, TimeUnit.SECONDS);
        // The shutdown lands exactly between the caller's registration and its check.
        loop.setOffThreadWaitHook(() -> {
            loop.setOffThreadWaitHook(null);
            loop.shutdown();
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        hostThread.join(10_000);
        assertFalse(hostThread.isAlive(), "the host's run ends once the loop is closed");
        assertTrue(loop.isClosed());
    }
}
