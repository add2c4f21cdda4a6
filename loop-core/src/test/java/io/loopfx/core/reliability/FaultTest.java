package io.loopfx.core.reliability;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Handle;
import io.loopfx.core.LogCapture;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.LoopStats;
import io.loopfx.core.Task;
import io.loopfx.core.TaskGroup;
import io.loopfx.core.TaskGroupException;
import io.loopfx.core.reliability.Contexts.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Faults: exceptions and errors thrown by callbacks of every kind, done callbacks, task bodies, {@code finally}
 * blocks and exception handlers themselves (a {@link StackOverflowError} and an {@link OutOfMemoryError} included);
 * an executor that rejects work; an executor job still stuck when {@link EventLoop#run} shuts down. In each case the
 * loop reports the failure exactly once (to its exception handler, or as the failure of the one future it belongs
 * to), and goes on working. Public API only; no test waits for a guessed time.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultTest {
    private static final Duration S1 = Duration.ofSeconds(1);

    /** The loop still works: a timer and a task run, and nothing is left queued. */
    private static void assertStillWorks(EventLoop loop) throws Exception {
        long t0 = loop.time();
        assertEquals("still working", loop.runUntilComplete(() -> {
            Async.sleep(S1);
            return "still working";
        }));
        assertTrue(loop.time() - t0 >= S1.toNanos());
        LoopStats s = loop.stats();
        assertEquals(0, s.readyCallbacks(), "nothing left ready: " + s);
        assertEquals(0, s.timers(), "no timer left: " + s);
        assertEquals(0, s.liveTasks(), "no task left: " + s);
    }

    /** Each exception of {@code expected} was reported exactly once (by identity), and nothing else was. */
    private static void assertReportedOnceEach(List<ErrorContext> reports, List<? extends Throwable> expected) {
        Map<Throwable, Integer> counts = new IdentityHashMap<>();
        for (ErrorContext c : reports) counts.merge(c.exception(), 1, Integer::sum);
        for (Throwable t : expected) assertEquals(1, counts.getOrDefault(t, 0), "reports of " + t + ": " + reports);
        assertEquals(expected.size(), reports.size(), "exactly one report per failure: " + reports);
    }

    private static RuntimeException boom(String what) {
        return new IllegalArgumentException(what);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void everyKindOfFailingCallbackIsReportedOnceWithItsHandleAndTheLoopGoesOn() throws Exception {
        // Extends CallbackOrderingTest.anExceptionInACallbackGoesToTheHandlerAndTheLoopGoesOn (callSoon only) to
        // timers, callbacks from other threads, execute() and done callbacks.
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Reports reports = new Reports().on(loop);
            RuntimeException soon = boom("callSoon"), later = boom("callLater"), at = boom("callAt"),
                    threadsafe = boom("callSoonThreadsafe"), execute = boom("execute"), done = boom("done callback");
            Handle hSoon = loop.callSoon(() -> { throw soon; });
            Handle hLater = loop.callLater(S1, () -> { throw later; });
            Handle hAt = loop.callAt(loop.time() + S1.toNanos() * 2, () -> { throw at; });
            Handle[] hThreadsafe = new Handle[1];
            Thread other = new Thread(() -> {
                hThreadsafe[0] = loop.callSoonThreadsafe(() -> { throw threadsafe; });
                loop.execute(() -> { throw execute; });
            });
            other.start();
            other.join();
            LoopFuture<String> f = loop.createFuture();
            List<String> ran = new ArrayList<>();
            f.addDoneCallback(x -> ran.add("before"));
            f.addDoneCallback(x -> { throw done; });
            f.addDoneCallback(x -> ran.add("after"));
            loop.callLater(S1.multipliedBy(3), () -> f.setResult("v"));
            loop.callLater(S1.multipliedBy(4), loop::stop);
            loop.runForever();

            List<ErrorContext> got = reports.snapshot();
            assertReportedOnceEach(got, List.of(soon, later, at, threadsafe, execute, done));
            for (ErrorContext c : got) assertEquals("Exception in callback", c.message());
            Map<Throwable, Handle> handles = new IdentityHashMap<>();
            for (ErrorContext c : got) handles.put(c.exception(), c.handle());
            assertSame(hSoon, handles.get(soon));
            assertSame(hLater, handles.get(later));
            assertSame(hAt, handles.get(at));
            assertSame(hThreadsafe[0], handles.get(threadsafe));
            assertEquals(List.of("before", "after"), ran, "the other done callbacks of the future ran");
            assertStillWorks(loop);
            assertEquals(6, reports.snapshot().size(), "no late or repeated report");
        }
    }

    @Test
    void stackOverflowAndOutOfMemoryErrorsFromCallbacksAreReportedOnceAndTheLoopGoesOn() throws Exception {
        // What the loop does today, and the documented behaviour: every Throwable from a callback, Errors included,
        // goes to the exception handler, and the loop carries on (docs/reliability.md, Faults).
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Reports reports = new Reports().on(loop);
            OutOfMemoryError simulated = new OutOfMemoryError("simulated");
            AssertionError assertion = new AssertionError("assert in a callback");
            loop.callSoon(() -> recurse(0));                                       // a real StackOverflowError
            loop.callSoon(() -> { throw simulated; });
            loop.callLater(S1, () -> {                                             // a real OutOfMemoryError, from the VM,
                long[] tooBig = new long[Integer.MAX_VALUE];                       // that needs no memory to happen
                fail("allocated " + tooBig.length);
            });
            LoopFuture<String> f = loop.createFuture();
            f.addDoneCallback(x -> recurse(0));                                     // in a done callback
            loop.callLater(S1.multipliedBy(2), () -> f.setResult("v"));
            loop.callLater(S1.multipliedBy(3), () -> { throw assertion; });
            loop.callLater(S1.multipliedBy(4), loop::stop);
            loop.runForever();

            List<ErrorContext> got = reports.snapshot();
            assertEquals(5, got.size(), "one report per failure: " + got);
            assertInstanceOf(StackOverflowError.class, got.get(0).exception());
            assertSame(simulated, got.get(1).exception());
            assertInstanceOf(OutOfMemoryError.class, got.get(2).exception());
            assertEquals("Requested array size exceeds VM limit", got.get(2).exception().getMessage());
            assertInstanceOf(StackOverflowError.class, got.get(3).exception());
            assertSame(assertion, got.get(4).exception());
            assertStillWorks(loop);
            assertEquals(5, reports.snapshot().size());
        }
    }

    @Test
    void aTaskBodyThatThrowsFailsItsTaskOnlyAndTheAwaiterGetsTheSameFailure() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Reports reports = new Reports().on(loop);
            IOException checked = new IOException("checked");
            OutOfMemoryError oom = new OutOfMemoryError("simulated, in a task");
            List<String> log = loop.runUntilComplete(() -> {
                EventLoop l = EventLoop.current();
                List<String> seen = new ArrayList<>();
                Task<String> sibling = l.createTask("sibling", () -> {
                    Async.sleep(S1);
                    return "sibling finished";
                });
                Task<Object> io = l.createTask(() -> { Async.yieldNow(); throw checked; });
                Task<Object> deep = l.createTask(() -> { Async.yieldNow(); return recurse(0); });
                Task<Object> error = l.createTask(() -> { throw oom; });
                assertSame(checked, assertThrows(IOException.class, () -> Async.await(io)));
                StackOverflowError soe = assertThrows(StackOverflowError.class, () -> Async.await(deep));
                assertSame(soe, deep.exception(), "the task holds the error it was awaited with");
                assertSame(oom, assertThrows(OutOfMemoryError.class, () -> Async.await(error)));
                seen.add(Async.await(sibling));
                return seen;
            });
            assertEquals(List.of("sibling finished"), log);
            reports.assertNone("for failures that were awaited");
            assertStillWorks(loop);
        }
    }

    @Test
    void aFinallyBlockThatThrowsAfterCancellationFailsTheTaskWithItsException() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Reports reports = new Reports().on(loop);
            IllegalStateException fromFinally = new IllegalStateException("finally failed");
            loop.runUntilComplete(() -> {
                Task<Void> t = EventLoop.current().createTask(() -> {
                    try {
                        Async.sleep(Duration.ofHours(1));
                    } finally {
                        Async.yieldNow(); // a finally block may await once cancelled
                        if (fromFinally != null) throw fromFinally;
                    }
                    return null;
                });
                Async.yieldNow();
                assertTrue(t.cancel());
                assertSame(fromFinally, assertThrows(IllegalStateException.class, () -> Async.await(t)));
                assertFalse(t.isCancelled(), "it failed: its finally block replaced the cancellation, as in Java");
                assertSame(fromFinally, t.exception());
                return null;
            });
            reports.assertNone("for a failure that was awaited");
            assertStillWorks(loop);
        }
    }

    @Test
    void aFinallyBlockThatThrowsWhileEventLoopRunShutsDownIsReportedOnceAndRunReturns() throws Exception {
        List<ErrorContext> reports = new ArrayList<>();
        IllegalStateException fromFinally = new IllegalStateException("finally failed at shutdown");
        List<String> finallies = new ArrayList<>();
        String r = EventLoop.run(() -> {
            EventLoop.current().setExceptionHandler((l, c) -> reports.add(c));
            for (String name : List.of("leftover-1", "failing", "leftover-2")) {
                EventLoop.current().createTask(name, () -> {
                    try {
                        Async.sleep(Duration.ofHours(1));
                    } finally {
                        finallies.add(name);
                        if (name.equals("failing")) throw fromFinally;
                    }
                    return null;
                });
            }
            Async.yieldNow();
            return "main done";
        });
        assertEquals("main done", r);
        assertEquals(List.of("leftover-1", "failing", "leftover-2"), finallies, "every leftover's finally ran");
        assertEquals(1, reports.size(), String.valueOf(reports));
        assertSame(fromFinally, reports.get(0).exception());
        assertEquals("failing", reports.get(0).task().name());
        assertTrue(reports.get(0).message().contains("Unhandled exception in task 'failing' during shutdown"),
                reports.get(0).message());
    }

    @Test
    void aChildWhoseFinallyThrowsWhileItsGroupAbortsIsListedAmongTheGroupsFailures() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Reports reports = new Reports().on(loop);
            IllegalArgumentException first = new IllegalArgumentException("first child failed");
            IllegalStateException fromFinally = new IllegalStateException("sibling's finally failed");
            TaskGroupException e = loop.runUntilComplete(() -> {
                try {
                    TaskGroup.run(g -> {
                        g.createTask(() -> {
                            try {
                                Async.sleep(Duration.ofHours(1));
                            } finally {
                                throwIt(fromFinally); // runs when the group cancels it
                            }
                            return null;
                        });
                        g.createTask(() -> {
                            Async.sleep(S1);
                            throw first;
                        });
                        return null;
                    });
                    return null;
                } catch (TaskGroupException expected) {
                    return expected;
                }
            });
            assertEquals(List.of(first, fromFinally), e.failures());
            reports.assertNone("for failures the group collected");
            assertStillWorks(loop);
        }
    }

    @Test
    void aFailingExceptionHandlerIsLoggedWithTheErrorItWasGivenOnceEachAndTheLoopGoesOn() throws Exception {
        // Extends CallbackOrderingTest.aThrowingExceptionHandlerDoesNotKillTheLoopAndBothErrorsAreLogged: exactly once
        // each, for an exception and an Error (a real StackOverflowError) thrown by the handler.
        try (LogCapture log = new LogCapture(); EventLoop loop = EventLoop.withVirtualClock()) {
            RuntimeException first = boom("first callback"), second = boom("second callback");
            IllegalStateException handlerFailure = new IllegalStateException("handler failed");
            int[] calls = {0};
            loop.setExceptionHandler((l, c) -> {
                if (++calls[0] == 1) throw handlerFailure;
                recurse(0);
            });
            loop.callSoon(() -> { throw first; });
            loop.callLater(S1, () -> { throw second; });
            loop.callLater(S1.multipliedBy(2), loop::stop);
            loop.runForever();

            List<LogRecord> severe = log.severe();
            assertEquals(4, severe.size(), "two records per failure: the handler's failure, then the error it was given");
            assertSame(handlerFailure, severe.get(0).getThrown());
            assertTrue(severe.get(0).getMessage().startsWith("The exception handler failed on: Exception in callback"),
                    severe.get(0).getMessage());
            assertSame(first, severe.get(1).getThrown());
            assertInstanceOf(StackOverflowError.class, severe.get(2).getThrown());
            assertSame(second, severe.get(3).getThrown());
            assertEquals(2, calls[0], "the handler was called once per error, not again for its own failure");
            loop.setExceptionHandler(null);
            assertStillWorks(loop);
            assertEquals(4, log.severe().size());
        }
    }

    @Test
    void anExceptionHandlerThatSchedulesFailingWorkGetsEachFailureOnceWithoutAStorm() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<ErrorContext> reports = new ArrayList<>();
            RuntimeException original = boom("original"), fromHandlersCallback = boom("scheduled by the handler");
            loop.setExceptionHandler((l, c) -> {
                reports.add(c);
                if (c.exception() == original) l.callSoon(() -> { throw fromHandlersCallback; });
            });
            loop.callSoon(() -> { throw original; });
            loop.callLater(S1, loop::stop);
            loop.runForever();
            assertReportedOnceEach(reports, List.of(original, fromHandlersCallback));
            assertStillWorks(loop);
        }
    }

    @Test
    void aFailingCallbackWhoseToStringAlsoThrowsIsReportedOnceAndDoesNotEndTheLoop() throws Exception {
        RuntimeException failure = boom("run failed");
        Runnable nasty = new Runnable() {
            @Override
            public void run() {
                throw failure;
            }

            @Override
            public String toString() {
                throw new IllegalStateException("toString failed");
            }
        };
        try (LogCapture log = new LogCapture(); EventLoop loop = EventLoop.withVirtualClock()) {
            loop.callSoon(nasty);                               // the default handler describes the handle
            loop.callSoon(loop::stop);
            loop.runForever();                                  // ended by the toString failure before the fix
            List<LogRecord> severe = log.severe();
            assertEquals(1, severe.size());
            assertSame(failure, severe.get(0).getThrown());
            assertTrue(severe.get(0).getMessage().contains("[handle: <toString() threw java.lang.IllegalStateException>]"),
                    severe.get(0).getMessage());

            List<String> described = new ArrayList<>();
            loop.setExceptionHandler((l, c) -> described.add(c.describe())); // a custom handler that describes it too
            loop.callSoon(nasty);
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(1, described.size());
            assertStillWorks(loop);
        }
    }

    @Test
    void anExecutorThatRejectsWorkFailsOnlyThatFutureWithItsRejection() throws Exception {
        ExecutorService shutDown = Executors.newSingleThreadExecutor();
        shutDown.shutdown();
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Reports reports = new Reports().on(loop);
            RejectedExecutionException full = new RejectedExecutionException("full");
            loop.runUntilComplete(() -> {
                EventLoop l = EventLoop.current();
                assertSame(full, assertThrows(RejectedExecutionException.class,
                        () -> Async.await(l.runInExecutor(job -> { throw full; }, () -> "never"))));
                assertThrows(RejectedExecutionException.class, () -> Async.await(l.runInExecutor(shutDown, () -> "never")));
                l.setDefaultExecutor(job -> { throw full; });
                LoopFuture<String> viaDefault = l.runInExecutor(null, () -> "never");
                assertSame(full, assertThrows(RejectedExecutionException.class, () -> Async.await(viaDefault)));
                return null;
            });
            reports.assertNone("for rejections that were awaited");
            assertStillWorks(loop);
        }
    }

    @Test
    void aJobStillStuckWhenEventLoopRunShutsDownIsReportedOnceAndItsLateEndIsDroppedQuietly() throws Exception {
        // Extends TaskLifecycleTest.runDoesNotWaitForeverForAStuckExecutorJob: a zero timeout, exactly one report,
        // and what happens when the job ends after the loop has closed.
        List<ErrorContext> reports = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Thread> worker = new CompletableFuture<>();
        Object[] jobFuture = new Object[1];
        EventLoop[] theLoop = new EventLoop[1];
        try {
            String r = EventLoop.run(() -> {
                EventLoop loop = EventLoop.current();
                theLoop[0] = loop;
                loop.setExceptionHandler((l, c) -> reports.add(c));
                loop.setExecutorShutdownTimeout(Duration.ZERO);
                jobFuture[0] = loop.runInExecutor(null, () -> {
                    worker.complete(Thread.currentThread());
                    return release.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
                });
                Async.await(worker); // the job runs now
                return "main done";
            });
            assertEquals("main done", r);
            assertTrue(theLoop[0].isClosed());
            assertEquals(1, reports.size(), String.valueOf(reports));
            assertTrue(reports.get(0).message().contains("still had 1 job(s) running 0 ms after shutdown"), reports.get(0).message());
            assertNull(reports.get(0).exception());
        } finally {
            release.countDown();
        }
        Thread t = worker.getNow(null);
        t.join(TimeUnit.SECONDS.toMillis(30)); // the pool was shut down: its thread ends with the job
        assertFalse(t.isAlive(), "the executor thread ended");
        assertEquals(1, reports.size(), "the job's late end reached nobody: " + reports);
        LoopFuture<?> f = (LoopFuture<?>) jobFuture[0];
        assertFalse(f.isDone(), "its future stays pending: the loop that would complete it is closed");
        assertThrows(java.util.concurrent.ExecutionException.class, () -> f.toCompletableFuture().get(1, TimeUnit.SECONDS),
                "a thread that waits for it learns that at once");
    }

    @Test
    void aTaskCancelledWhileItsFinallyAwaitsStillRunsTheRestOfItsFinallyBlock() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Reports reports = new Reports().on(loop);
            List<String> log = new ArrayList<>();
            loop.runUntilComplete(() -> {
                Task<Void> t = EventLoop.current().createTask(() -> {
                    try {
                        Async.sleep(Duration.ofHours(1));
                    } finally {
                        try {
                            Async.sleep(S1); // the cleanup awaits; a second cancel interrupts it
                        } catch (CancellationException again) {
                            log.add("cleanup interrupted");
                        }
                        log.add("finally done");
                    }
                    return null;
                });
                Async.yieldNow();
                t.cancel("first");
                Async.yieldNow();
                t.cancel("second");
                assertThrows(CancellationException.class, () -> Async.await(t));
                return null;
            });
            assertEquals(List.of("cleanup interrupted", "finally done"), log);
            reports.assertNone("for a cancellation that was awaited");
            assertStillWorks(loop);
        }
    }

    /** Throws {@code e}: a finally block that throws, without javac's warning that it cannot complete. */
    private static void throwIt(RuntimeException e) {
        throw e;
    }
}
