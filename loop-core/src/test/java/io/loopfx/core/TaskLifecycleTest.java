package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Task registry, EventLoop.run shutdown, unretrieved failures, pinning, scale. */
class TaskLifecycleTest {

    @Test
    void toStringOfATaskOrFutureWhoseResultIsItselfOrFailsToPrintDoesNotFail() throws Exception {
        // toString() goes into error messages; it recursed until StackOverflowError for a task that returned itself
        // (found by the FX bad-input rows: FxTaskState.of's message), and threw for a result whose toString() throws.
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<Object> self = loop.createTask("self", Async::currentTaskOrNull);
            LoopFuture<Object> selfFuture = loop.createFuture();
            LoopFuture<Object> other = loop.createFuture();
            LoopFuture<Object> unprintable = loop.createFuture();
            loop.runUntilComplete(() -> {
                Async.await(self);
                selfFuture.setResult(selfFuture);
                other.setResult(selfFuture);
                unprintable.setResult(new Object() {
                    @Override
                    public String toString() {
                        throw new IllegalStateException("cannot print");
                    }
                });
                return null;
            });
            assertEquals("Task[self, finished, result=Task 'self']", self.toString());
            assertEquals("LoopFuture[finished, result=a LoopFuture]", selfFuture.toString());
            assertEquals("LoopFuture[finished, result=a LoopFuture]", other.toString());
            assertEquals("LoopFuture[finished, result=<toString() threw java.lang.IllegalStateException>]",
                    unprintable.toString());
        }
    }

    @Test
    void hundredThousandConcurrentTasksAllComplete() throws Exception {
        int n = 100_000;
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            long sum = loop.runUntilComplete(() -> {
                List<Task<Integer>> tasks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int k = i;
                    tasks.add(EventLoop.current().createTask(() -> {
                        Async.sleep(Duration.ofMillis(1 + k % 1000));
                        return k;
                    }));
                }
                assertEquals(n + 1, EventLoop.current().allTasks().size());
                long s = 0;
                for (Task<Integer> t : tasks) s += Async.await(t);
                return s;
            });
            assertEquals((long) n * (n - 1) / 2, sum);
            assertEquals(Duration.ofMillis(1000).toNanos(), loop.time());
            assertTrue(loop.allTasks().isEmpty());
        }
    }

    @Test
    void theLoopKeepsPendingTasksAliveUntilTheyFinish() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> gate = loop.createFuture();
            LoopFuture<String> out = loop.createFuture();
            WeakReference<Task<Void>> ref = new WeakReference<>(loop.createTask(() -> {
                out.setResult(Async.await(gate) + " seen");
                return null;
            }));
            for (int i = 0; i < 3 && ref.get() != null; i++) System.gc();
            assertNotNull(ref.get(), "a pending task is strongly referenced by its loop");
            loop.callLater(Duration.ofSeconds(1), () -> gate.setResult("gate"));
            assertEquals("gate seen", loop.runUntilComplete(out));
        }
    }

    @Test
    void runCancelsLeftoverTasksAndWaitsForTheirFinallyBlocks() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        String r = EventLoop.run(() -> {
            for (int i = 0; i < 3; i++) {
                int k = i;
                EventLoop.current().createTask("leftover-" + k, () -> {
                    try {
                        Async.sleep(Duration.ofHours(1));
                    } finally {
                        Async.yieldNow(); // the finally block may itself await... once
                        log.add("finally " + k);
                    }
                    return null;
                });
            }
            Async.yieldNow();
            return "main done";
        });
        assertEquals("main done", r);
        assertEquals(List.of("finally 0", "finally 1", "finally 2"), log);
    }

    @Test
    void runDoesNotWaitForeverForAStuckExecutorJob() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<ErrorContext> reports = Collections.synchronizedList(new ArrayList<>());
        try {
            EventLoop.run(() -> {
                CoreLoop loop = (CoreLoop) EventLoop.current();
                loop.setExecutorShutdownTimeout(Duration.ofMillis(50));
                loop.setExceptionHandler((l, c) -> reports.add(c));
                loop.runInExecutor(null, () -> release.await(30, TimeUnit.SECONDS));
                return null;
            });
            assertEquals(1, reports.size(), "the stuck job is reported: " + reports);
            assertTrue(reports.get(0).message().contains("still had 1 job"), reports.get(0).message());
        } finally {
            release.countDown();
        }
    }

    @Test
    void closingWithPendingTasksReportsThemByName() {
        List<ErrorContext> reports = new ArrayList<>();
        EventLoop loop = EventLoop.withVirtualClock();
        loop.setExceptionHandler((l, c) -> reports.add(c));
        loop.createTask("forgotten", () -> {
            Async.sleep(Duration.ofHours(1));
            return null;
        });
        loop.close();
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).message().contains("'forgotten'"), reports.get(0).message());
        assertEquals("forgotten", reports.get(0).task().name());
    }

    @Test
    void aFailureNobodyRetrievedIsReportedOnceItsTaskIsCollected() throws Exception {
        List<ErrorContext> reports = Collections.synchronizedList(new ArrayList<>());
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            loop.setExceptionHandler((l, c) -> reports.add(c));
            loop.runUntilComplete(() -> {
                EventLoop.current().createTask("fire-and-forget", () -> {
                    throw new IllegalArgumentException("lost?");
                });
                Task<Void> awaited = EventLoop.current().createTask("awaited", () -> {
                    throw new IllegalArgumentException("seen");
                });
                try {
                    Async.await(awaited);
                } catch (IllegalArgumentException expected) {
                    // retrieved: must not be reported
                }
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (reports.isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                loop.runUntilComplete(loop.wrap(CompletableFuture.runAsync(() -> { })));
            }
            assertEquals(1, reports.size(), String.valueOf(reports));
            assertTrue(reports.get(0).message().contains("'fire-and-forget'"), reports.get(0).message());
            assertEquals("lost?", reports.get(0).exception().getMessage());
        }
    }

    static final class AwaitsInStaticInitializer {
        static final LoopFuture<String> PENDING = ((CoreLoop) EventLoop.current()).createFuture();
        static final String VALUE;

        static {
            String v;
            try {
                v = Async.await(PENDING);
            } catch (Exception e) {
                v = e.getMessage();
            }
            VALUE = v;
        }
    }

    @Test
    void awaitThatCannotSuspendThrowsAClearErrorAndLeavesTheTaskUsable() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            String r = loop.runUntilComplete(() -> {
                String fromInitializer = AwaitsInStaticInitializer.VALUE; // await inside <clinit>: pinned
                Async.sleep(Duration.ofSeconds(1));                          // the task still works
                return fromInitializer;
            });
            assertTrue(r.contains("cannot suspend"), r);
            assertTrue(r.contains("Pinned"), r);
            assertEquals(Duration.ofSeconds(1).toNanos(), loop.time());
        }
    }

    /** Yields twice inside {@code <clinit>} (pinned both times): each step it scheduled must be taken back. */
    static final class YieldsInStaticInitializer {
        static final int REFUSED;

        static {
            int refused = 0;
            for (int i = 0; i < 2; i++) {
                try {
                    Async.yieldNow();
                } catch (IllegalStateException e) {
                    refused++;
                }
            }
            REFUSED = refused;
        }
    }

    /**
     * A task's steps share one ready-queue entry: a yield that cannot suspend takes its step back, and that step
     * must not resume the task later, when it waits for something else (it would return from an await early).
     */
    @Test
    void aYieldThatCannotSuspendDoesNotResumeTheTaskLater() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> order = new ArrayList<>();
            long resumedAt = loop.runUntilComplete(() -> {
                assertEquals(2, YieldsInStaticInitializer.REFUSED, "both yields refused");
                LoopFuture<String> later = loop.createFuture();
                loop.callLater(Duration.ofSeconds(1), () -> later.setResult("one second"));
                loop.callSoon(() -> order.add("callback"));
                order.add(Async.await(later));
                Async.yieldNow(); // a real yield: resumed once, after the callbacks ready now
                order.add("after yield");
                return loop.time();
            });
            assertEquals(Duration.ofSeconds(1).toNanos(), resumedAt, "the await ended when its future did");
            assertEquals(List.of("callback", "one second", "after yield"), order);
        }
    }

    /** The step handle an error report may carry is the task's only one: cancelling it must not strand the task. */
    @Test
    void cancellingATasksSharedStepHandleDoesNotDropItsLaterSteps() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            String r = loop.runUntilComplete(() -> {
                Task<String> t = loop.createTask(() -> {
                    Async.sleep(Duration.ofSeconds(1));
                    return "ended";
                });
                Async.yieldNow(); // t has started and sleeps
                t.stepHandle().cancel();
                assertFalse(t.stepHandle().isCancelled());
                return Async.waitFor(t, Duration.ofHours(1)); // a stranded task fails here instead of hanging
            });
            assertEquals("ended", r);
        }
    }

    @Test
    void blockingOnASubmittedFutureOnTheLoopThreadThrowsInsteadOfDeadlocking() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            String[] refusals = loop.runUntilComplete(() -> {
                CompletableFuture<String> later = loop.submit(() -> "later");
                String join = assertThrows(IllegalStateException.class, later::join).getMessage();
                String get = assertThrows(IllegalStateException.class, () -> later.get()).getMessage();
                assertThrows(IllegalStateException.class, () -> later.thenApply(s -> s + "!").join(),
                        "stages derived from it refuse too");
                assertEquals("later", Async.await(later), "awaiting it works");
                assertEquals("later", later.join(), "once done, join() returns at once");
                LoopFuture<String> pending = loop.createFuture();
                assertThrows(IllegalStateException.class, () -> pending.toCompletableFuture().join(),
                        "toCompletableFuture() is guarded the same way");
                return new String[] {join, get};
            });
            assertTrue(refusals[0].startsWith("join()") && refusals[0].contains("Async.await"), refusals[0]);
            assertTrue(refusals[1].startsWith("get()") && refusals[1].contains("Async.await"), refusals[1]);
        }
    }

    @Test
    void submitFromAnotherThreadRunsTheCoroutineOnTheLoop() throws Exception {
        EventLoop loop = EventLoop.create();
        Thread loopThread = new Thread(loop::runForever, "test-loop");
        loopThread.start();
        try {
            CompletableFuture<String> r = loop.submit(() -> {
                Async.sleep(Duration.ofMillis(1));
                return Thread.currentThread().getName();
            });
            assertEquals("test-loop", r.get(10, TimeUnit.SECONDS));

            AtomicInteger finallyRan = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<String> cancelled = loop.submit(() -> {
                try {
                    started.countDown();
                    Async.sleep(Duration.ofHours(1));
                    return "slept";
                } finally {
                    finallyRan.incrementAndGet();
                }
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            cancelled.cancel(false);
            CompletableFuture<Integer> check = loop.submit(() -> {
                for (int i = 0; i < 10 && finallyRan.get() == 0; i++) Async.yieldNow();
                return finallyRan.get();
            });
            assertEquals(1, check.get(10, TimeUnit.SECONDS), "cancelling the CompletableFuture cancels the task");
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(10_000);
            loop.close();
        }
    }

    @Test
    void cancellingARunInExecutorFutureBeforeTheJobStartsKeepsItFromRunning() throws Exception {
        CountDownLatch block = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        java.util.concurrent.ExecutorService single = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            EventLoop.run(() -> {
                EventLoop loop = EventLoop.current();
                LoopFuture<Object> first = loop.runInExecutor(single, () -> block.await(10, TimeUnit.SECONDS));
                LoopFuture<Integer> second = loop.runInExecutor(single, ran::incrementAndGet);
                assertTrue(second.cancel());
                block.countDown();
                Async.await(first);
                Async.await(loop.runInExecutor(single, () -> null)); // the queue has drained past `second`
                assertThrows(CancellationException.class, () -> Async.await(second));
                return null;
            });
            assertEquals(0, ran.get());
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void createTaskValidatesItsInput() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            assertEquals("body", assertThrows(NullPointerException.class, () -> loop.createTask(null)).getMessage());
            Task<Integer> t = loop.createTask("named", () -> 1);
            assertEquals("named", t.name());
            assertTrue(t.toString().contains("named"));
            assertDoesNotThrow(() -> loop.runUntilComplete(t));
        }
        EventLoop closed = EventLoop.withVirtualClock();
        closed.close();
        assertTrue(assertThrows(IllegalStateException.class, () -> closed.createTask(() -> 1)).getMessage().contains("closed"));
    }
}
