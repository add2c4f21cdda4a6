package io.loopfx.core.reliability;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.LoopManagement;
import io.loopfx.core.Outcome;
import io.loopfx.core.Task;
import io.loopfx.core.TaskGroup;
import io.loopfx.core.TaskGroupException;
import io.loopfx.core.TaskStart;
import io.loopfx.core.Timeout;
import io.loopfx.core.TimerHandle;
import io.loopfx.core.WaitMode;
import io.loopfx.core.WaitResult;
import io.loopfx.core.HostedEventLoop;
import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.NestingGuard;
import io.loopfx.core.contract.LoopRunner;
import io.loopfx.core.contract.TrivialHost;
import io.loopfx.core.reliability.BadInputTable.Accepts;
import io.loopfx.core.reliability.BadInputTable.Call;
import io.loopfx.core.reliability.BadInputTable.Row;
import io.loopfx.core.reliability.BadInputTable.Throws;
import io.loopfx.core.spi.LoopClock;
import io.loopfx.core.process.ProcessCallable;
import io.loopfx.core.process.ProcessPoolExecutor;
import io.loopfx.core.process.RemoteTaskException;
import io.loopfx.core.process.WorkerDiedException;
import io.loopfx.noflag.NoFlagChild;
import io.loopfx.core.sync.AsyncBoundedSemaphore;
import io.loopfx.core.sync.AsyncCondition;
import io.loopfx.core.sync.AsyncEvent;
import io.loopfx.core.sync.AsyncLock;
import io.loopfx.core.sync.AsyncQueue;
import io.loopfx.core.sync.AsyncSemaphore;
import io.loopfx.core.sync.QueueEmptyException;
import io.loopfx.core.sync.QueueFullException;
import io.loopfx.core.sync.QueueShutDownException;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.loopfx.core.reliability.Contexts.closedLoop;
import static io.loopfx.core.reliability.Contexts.inCallback;
import static io.loopfx.core.reliability.Contexts.inTask;
import static io.loopfx.core.reliability.Contexts.startOn;
import static io.loopfx.core.reliability.Contexts.withLoopOnAnotherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows of the bad-input table: for each public method of {@code io.loopfx.core}, {@code io.loopfx.core.sync},
 * {@code io.loopfx.core.process} and {@code io.loopfx.core.spi}, its bad inputs (null, negative, huge, {@code Duration}
 * overflow, wrong thread, closed loop, re-entry, nesting where it cannot work, a JVM without the option), each with
 * the call that shows what happens. Public API only.
 */
final class BadInputRows extends BadInputTable.Rows {
    private static final Runnable NOOP = () -> { };
    /** Seconds so large that converting them to nanoseconds overflows a long. */
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final Duration MOST_NEGATIVE = Duration.ofSeconds(Long.MIN_VALUE);
    private static final Duration HOUR = Duration.ofHours(1);

    private BadInputRows() {
    }

    private static final String CLOSED = "The event loop is closed; nothing can be scheduled on it";

    /** All rows, in table order. */
    static List<Row> all() {
        BadInputRows b = new BadInputRows();
        b.eventLoopStatics();
        b.scheduling();
        b.running();
        b.settings();
        b.tasksAndFutures();
        b.executorsAndThreads();
        b.hostedEventLoop();
        b.shutdown();
        b.loopFuture();
        b.task();
        b.async();
        b.taskGroup();
        b.timeout();
        b.values();
        b.lock();
        b.event();
        b.condition();
        b.semaphores();
        b.queue();
        b.management();
        b.processPool();
        b.processBuilder();
        b.processExceptions();
        b.spi();
        b.missingFlag();
        return b.rows();
    }

    // ------------------------------------------------------------------ EventLoop

    private void eventLoopStatics() {
        thr("EventLoop.current()", "no loop runs on this thread", IllegalStateException.class,
                "No event loop is running on thread", EventLoop::current);
        npe("EventLoop.run(Coroutine)", "main null", "body", () -> EventLoop.run(null));
        thr("EventLoop.run(Coroutine)", "re-entry: called in a task of another running loop", IllegalStateException.class,
                "EventLoop.run() was called inside task 'main' of EventLoop[running", () -> inTask(() -> EventLoop.run(() -> 42)));
        note("asyncio.run() refuses this too; the message says to start a task of the running loop instead");
        thr("EventLoop.run(Coroutine)", "re-entry: called in a callback of another running loop", IllegalStateException.class,
                "EventLoop.run() was called on thread '", () -> inCallback(loop -> EventLoop.run(() -> 42)));
    }

    private void scheduling() {
        npe("EventLoop.callSoon(Runnable)", "callback null", "callback", () -> EventLoop.withVirtualClock().callSoon(null));
        thr("EventLoop.callSoon(Runnable)", "closed loop", IllegalStateException.class, CLOSED,
                () -> closedLoop().callSoon(NOOP));
        thr("EventLoop.callSoon(Runnable)", "wrong thread (any mode)", IllegalStateException.class,
                "callSoon() was called from thread", () -> withLoopOnAnotherThread(false, loop -> loop.callSoon(NOOP)));

        npe("EventLoop.callSoonThreadsafe(Runnable)", "callback null", "callback",
                () -> EventLoop.withVirtualClock().callSoonThreadsafe(null));
        thr("EventLoop.callSoonThreadsafe(Runnable)", "closed loop", IllegalStateException.class, CLOSED,
                () -> closedLoop().callSoonThreadsafe(NOOP));
        npe("EventLoop.execute(Runnable)", "command null", "callback", () -> EventLoop.withVirtualClock().execute(null));
        thr("EventLoop.execute(Runnable)", "closed loop", IllegalStateException.class, CLOSED,
                () -> closedLoop().execute(NOOP));

        String later = "EventLoop.callLater(Duration, Runnable)";
        npe(later, "delay null", "delay", () -> EventLoop.withVirtualClock().callLater(null, NOOP));
        npe(later, "callback null", "callback", () -> EventLoop.withVirtualClock().callLater(HOUR, null));
        ok(later, "negative delay", "runs as soon as possible", () -> inCallback(loop -> {
            TimerHandle h = loop.callLater(Duration.ofSeconds(-5), NOOP);
            assertTrue(h.when() <= loop.time(), "due now: " + h.when());
        }));
        ok(later, "`Duration` of Long.MIN_VALUE seconds", "runs as soon as possible (no overflow)", () -> inCallback(loop -> {
            TimerHandle h = loop.callLater(MOST_NEGATIVE, NOOP);
            assertTrue(h.when() <= loop.time(), "due now: " + h.when());
        }));
        ok(later, "`Duration` too large for long nanoseconds", "clamped: `when()` is Long.MAX_VALUE, it never runs",
                () -> inCallback(loop -> assertEquals(Long.MAX_VALUE, loop.callLater(HUGE, NOOP).when())));
        thr(later, "closed loop", IllegalStateException.class, CLOSED, () -> closedLoop().callLater(HOUR, NOOP));
        thr(later, "wrong thread (any mode)", IllegalStateException.class, "callLater() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> loop.callLater(HOUR, NOOP)));

        String at = "EventLoop.callAt(long, Runnable)";
        npe(at, "callback null", "callback", () -> EventLoop.withVirtualClock().callAt(0, null));
        ok(at, "Long.MIN_VALUE", "runs as soon as possible", () -> inTask(() -> {
            boolean[] ran = {false};
            EventLoop.current().callAt(Long.MIN_VALUE, () -> ran[0] = true);
            Async.sleep(Duration.ofNanos(1)); // a timer one nanosecond away runs after every timer due now
            assertTrue(ran[0]);
        }));
        ok(at, "Long.MAX_VALUE", "never runs; the loop does not spin on it", () -> inCallback(loop -> {
            TimerHandle h = loop.callAt(Long.MAX_VALUE, NOOP);
            assertEquals(Long.MAX_VALUE, h.when());
            assertEquals(1, loop.stats().timers());
            h.cancel();
        }));
        thr(at, "closed loop", IllegalStateException.class, CLOSED, () -> closedLoop().callAt(0, NOOP));
        thr(at, "wrong thread (any mode)", IllegalStateException.class, "callAt() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> loop.callAt(0, NOOP)));
    }

    /** Runs {@code call} on a new thread loop with this thread interrupted, and clears the status afterwards. */
    private static void interrupted(ThrowingConsumer<EventLoop> call) throws Throwable {
        try (EventLoop loop = EventLoop.create()) {
            Thread.currentThread().interrupt();
            try {
                call.accept(loop);
            } finally {
                Thread.interrupted();
            }
        }
    }

    /** A consumer that may throw. */
    @FunctionalInterface
    private interface ThrowingConsumer<T> {
        void accept(T t) throws Throwable;
    }

    private void running() {
        String forever = "EventLoop.runForever()";
        thr(forever, "closed loop", IllegalStateException.class, CLOSED, () -> closedLoop().runForever());
        thr(forever, "re-entry: in a callback of the running loop", IllegalStateException.class,
                "This event loop is already running on this thread", () -> inCallback(EventLoop::runForever));
        thr(forever, "re-entry: in a task of the loop", IllegalStateException.class, "was called inside task 'main'",
                () -> inTask(() -> EventLoop.current().runForever()));
        thr(forever, "nested: from a task of another running loop", IllegalStateException.class,
                "runForever() was called inside task 'main' of another event loop", () -> inTask(() -> {
                    try (EventLoop other = EventLoop.withVirtualClock()) {
                        other.runForever();
                    }
                }));
        thr(forever, "from another thread while it runs", IllegalStateException.class,
                "This event loop is already running in thread 'loop-thread'",
                () -> withLoopOnAnotherThread(false, EventLoop::runForever));
        thr(forever, "thread interrupted while the loop waits", IllegalStateException.class,
                "was interrupted while the loop waited for work", () -> interrupted(EventLoop::runForever));

        ok("EventLoop.stop()", "closed loop", "does nothing", () -> {
            EventLoop loop = closedLoop();
            loop.stop();
            assertTrue(loop.isClosed());
        });

        String close = "EventLoop.close()";
        thr(close, "re-entry: in a callback of the running loop", IllegalStateException.class,
                "Cannot close a running event loop", () -> inCallback(EventLoop::close));
        thr(close, "from another thread while it runs", IllegalStateException.class,
                "Cannot close a running event loop", () -> withLoopOnAnotherThread(false, EventLoop::close));
        ok(close, "a pending callback whose toString() throws",
                "closes fully (timers cancelled); the report of the dropped callback describes it as "
                        + "`<toString() threw java.lang.IllegalStateException>`", () -> {
                    EventLoop loop = EventLoop.withVirtualClock();
                    Contexts.Reports reports = new Contexts.Reports().on(loop);
                    loop.callSoon(new Runnable() {
                        @Override
                        public void run() {
                        }

                        @Override
                        public String toString() {
                            throw new IllegalStateException("toString failed");
                        }
                    });
                    TimerHandle timer = loop.callLater(HOUR, NOOP);
                    loop.close();
                    assertTrue(loop.isClosed());
                    assertTrue(timer.isCancelled(), "close() stopped before cancelling the timer");
                    List<ErrorContext> seen = reports.snapshot();
                    assertEquals(1, seen.size(), seen.toString());
                    assertTrue(seen.getFirst().message().contains("<toString() threw java.lang.IllegalStateException>"),
                            seen.getFirst().message());
                });
        ok(close, "closed loop (twice)", "does nothing", () -> {
            EventLoop loop = closedLoop();
            loop.close();
            assertTrue(loop.isClosed());
        });

        String untilF = "EventLoop.runUntilComplete(LoopFuture)";
        thr(untilF, "thread interrupted while the loop waits", IllegalStateException.class,
                "was interrupted while the loop waited for work",
                () -> interrupted(loop -> loop.runUntilComplete(loop.createFuture())));
        npe(untilF, "future null", "future", () -> EventLoop.withVirtualClock().runUntilComplete((LoopFuture<?>) null));
        thr(untilF, "a future of another loop", IllegalArgumentException.class, "belongs to another event loop; run that loop instead",
                () -> EventLoop.withVirtualClock().runUntilComplete(EventLoop.withVirtualClock().createFuture()));
        thr(untilF, "closed loop", IllegalStateException.class, CLOSED, () -> {
            EventLoop loop = EventLoop.withVirtualClock();
            LoopFuture<Object> f = loop.createFuture();
            loop.close();
            loop.runUntilComplete(f);
        });
        thr(untilF, "re-entry: in a task of the loop", IllegalStateException.class, "Use Async.await(future) inside a task instead",
                () -> inTask(() -> EventLoop.current().runUntilComplete(EventLoop.current().createFuture())));
        thr(untilF, "re-entry: in a callback of the running loop", IllegalStateException.class,
                "This event loop is already running on this thread",
                () -> inCallback(loop -> loop.runUntilComplete(loop.createFuture())));
        thr(untilF, "from another thread while it runs", IllegalStateException.class,
                "This event loop is already running in thread 'loop-thread'",
                () -> withLoopOnAnotherThread(false, loop -> loop.runUntilComplete(futureOn(loop))));
        ok(untilF, "stop() while it runs", "ignored: it returns when its future is done", () -> {
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                LoopFuture<String> f = loop.createFuture();
                loop.callSoon(loop::stop);
                loop.callLater(HOUR, () -> f.setResult("done"));
                assertEquals("done", loop.runUntilComplete(f));
            }
        });
        thr(untilF, "nested: a future of another loop, from a task of a running loop", IllegalStateException.class,
                "runUntilComplete() was called inside task 'main' of another event loop, which would be blocked",
                () -> inTask(() -> {
                    try (EventLoop other = EventLoop.withVirtualClock()) {
                        LoopFuture<String> f = other.createFuture();
                        other.callLater(HOUR, () -> f.setResult("other loop's value"));
                        other.runUntilComplete(f);
                    }
                }));
        note("the message says to run the other loop on a thread of its own and await loop.submit(...) in the task");

        String untilC = "EventLoop.runUntilComplete(Coroutine)";
        npe(untilC, "body null", "body", () -> EventLoop.withVirtualClock().runUntilComplete((io.loopfx.core.Coroutine<?>) null));
        thr(untilC, "closed loop", IllegalStateException.class, CLOSED, () -> closedLoop().runUntilComplete(() -> 1));
        thr(untilC, "re-entry: in a task of the loop", IllegalStateException.class, "was called inside task 'main'",
                () -> inTask(() -> EventLoop.current().runUntilComplete(() -> 1)));
        thr(untilC, "nested: from a task of another running loop", IllegalStateException.class,
                "runUntilComplete() was called inside task 'main' of another event loop", () -> inTask(() -> {
                    try (EventLoop other = EventLoop.withVirtualClock()) {
                        other.runUntilComplete(() -> 1);
                    }
                }));
    }

    private void shutdown() {
        String grace = "EventLoop.setShutdownGrace(Duration)";
        npe(grace, "null", "grace", () -> EventLoop.withVirtualClock().setShutdownGrace(null));
        thr(grace, "negative", IllegalArgumentException.class, "The grace period must not be negative: PT-1S",
                () -> EventLoop.withVirtualClock().setShutdownGrace(Duration.ofSeconds(-1)));
        ok(grace, "`Duration` too large for long nanoseconds", "accepted (shutdown() waits without limit)",
                () -> EventLoop.withVirtualClock().setShutdownGrace(HUGE));
        String shutdown = "EventLoop.shutdown()";
        ok(shutdown, "closed loop (or twice)", "does nothing", () -> {
            EventLoop loop = closedLoop();
            loop.shutdown();
            assertTrue(loop.isShutDown());
        });
        thr(shutdown, "in a callback of the running loop (a thread host cannot nest)", IllegalStateException.class,
                "shutdown()", () -> inCallback(EventLoop::shutdown));
        thr(shutdown, "from another thread while it runs", IllegalStateException.class,
                "Call stop(), and shutdown() in that thread once runForever() returns",
                () -> withLoopOnAnotherThread(false, EventLoop::shutdown));
    }

    private void settings() {
        ok("EventLoop.setExceptionHandler(ExceptionHandler)", "null", "the default handler again (logs at ERROR)", () -> {
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                loop.setExceptionHandler(null);
            }
        });
        npe("EventLoop.callExceptionHandler(ErrorContext)", "context null", "context",
                () -> EventLoop.withVirtualClock().callExceptionHandler(null));

        String slow = "EventLoop.setSlowCallbackThreshold(Duration)";
        npe(slow, "null", "threshold", () -> EventLoop.withVirtualClock().setSlowCallbackThreshold(null));
        thr(slow, "negative", IllegalArgumentException.class, "threshold must not be negative: PT-0.001S",
                () -> EventLoop.withVirtualClock().setSlowCallbackThreshold(Duration.ofMillis(-1)));
        ok(slow, "`Duration` too large for long nanoseconds", "clamped (no callback is ever slow)",
                () -> EventLoop.withVirtualClock().setSlowCallbackThreshold(HUGE));

        String timeout = "EventLoop.setExecutorShutdownTimeout(Duration)";
        npe(timeout, "null", "timeout", () -> EventLoop.withVirtualClock().setExecutorShutdownTimeout(null));
        thr(timeout, "negative", IllegalArgumentException.class, "timeout must not be negative: PT-1S",
                () -> EventLoop.withVirtualClock().setExecutorShutdownTimeout(Duration.ofSeconds(-1)));
        ok(timeout, "`Duration` too large for long nanoseconds", "clamped (EventLoop.run waits for the executor without limit)",
                () -> EventLoop.withVirtualClock().setExecutorShutdownTimeout(HUGE));

        npe("EventLoop.setDefaultExecutor(Executor)", "null", "executor",
                () -> EventLoop.withVirtualClock().setDefaultExecutor(null));
    }

    private void tasksAndFutures() {
        thr("EventLoop.createFuture()", "closed loop", IllegalStateException.class, CLOSED, () -> closedLoop().createFuture());

        String create = "EventLoop.createTask(Coroutine)";
        npe(create, "body null", "body", () -> EventLoop.withVirtualClock().createTask(null));
        thr(create, "closed loop", IllegalStateException.class, CLOSED, () -> closedLoop().createTask(() -> 1));
        thr(create, "wrong thread (any mode)", IllegalStateException.class, "createTask() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> loop.createTask(() -> 1)));

        String named = "EventLoop.createTask(String, Coroutine)";
        npe(named, "body null", "body", () -> EventLoop.withVirtualClock().createTask("t", null));
        ok(named, "name null", "a generated name, `Task-<n>`", () -> inTask(() -> {
            Task<Integer> t = EventLoop.current().createTask(null, () -> 1);
            assertTrue(t.name().startsWith("Task-"), t.name());
            Async.await(t);
        }));

        String started = "EventLoop.createTask(String, TaskStart, Coroutine)";
        npe(started, "body null", "body", () -> EventLoop.withVirtualClock().createTask("t", TaskStart.EAGER, null));
        npe(started, "start null", "start", () -> EventLoop.withVirtualClock().createTask("t", null, () -> 1));
        thr(started, "closed loop", IllegalStateException.class, CLOSED,
                () -> closedLoop().createTask("t", TaskStart.EAGER, () -> 1));
        thr(started, "wrong thread (any mode)", IllegalStateException.class, "createTask() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> loop.createTask("t", TaskStart.EAGER, () -> 1)));
        ok(started, "name null", "a generated name, `Task-<n>`", () -> inTask(() -> {
            Task<Integer> t = EventLoop.current().createTask(null, TaskStart.EAGER, () -> 1);
            assertTrue(t.name().startsWith("Task-"), t.name());
            Async.await(t);
        }));
        ok(started, "`EAGER` on a loop that does not run on this thread yet", "starts as `SOON`, in the loop's "
                + "first iteration: task code runs only on the thread that runs the loop", () -> {
                    try (EventLoop loop = EventLoop.withVirtualClock()) {
                        Task<Thread> t = loop.createTask("early", TaskStart.EAGER, Thread::currentThread);
                        assertFalse(t.isDone());
                        assertSame(Thread.currentThread(), loop.runUntilComplete(t));
                    }
                });
        ok(started, "`EAGER` body that throws before it suspends", "the task fails with it; createTask returns "
                + "normally", () -> inTask(() -> {
                    IllegalStateException boom = new IllegalStateException("boom");
                    Task<Integer> t = EventLoop.current().createTask("t", TaskStart.EAGER, () -> {
                        throw boom;
                    });
                    assertSame(boom, t.exception());
                }));
    }

    private void executorsAndThreads() {
        String exec = "EventLoop.runInExecutor(Executor, Callable)";
        npe(exec, "fn null", "fn", () -> EventLoop.withVirtualClock().runInExecutor(null, null));
        thr(exec, "closed loop", IllegalStateException.class, CLOSED, () -> closedLoop().runInExecutor(null, () -> 1));
        ok(exec, "an executor that rejects the job", "the returned future fails with the executor's "
                + "RejectedExecutionException", () -> inTask(() -> {
                    RejectedExecutionException full = new RejectedExecutionException("full");
                    LoopFuture<Integer> f = EventLoop.current().runInExecutor(job -> {
                        throw full;
                    }, () -> 1);
                    assertSame(full, assertThrows(RejectedExecutionException.class, () -> Async.await(f)));
                }));
        thr(exec, "an executor whose execute() throws something else", IllegalStateException.class, "broken executor",
                () -> inTask(() -> EventLoop.current().runInExecutor(job -> {
                    throw new IllegalStateException("broken executor");
                }, () -> 1)));

        npe("EventLoop.wrap(CompletionStage)", "stage null", "stage", () -> EventLoop.withVirtualClock().wrap(null));
        thr("EventLoop.wrap(CompletionStage)", "closed loop", IllegalStateException.class, CLOSED,
                () -> closedLoop().wrap(new CompletableFuture<>()));
        npe("EventLoop.submit(Coroutine)", "body null", "body", () -> EventLoop.withVirtualClock().submit(null));
        thr("EventLoop.submit(Coroutine)", "closed loop", IllegalStateException.class, CLOSED,
                () -> closedLoop().submit(() -> 1));
    }

    /** A subclass, to reach HostedEventLoop's protected constructors the way a host writer does. */
    private static final class HostedLoop extends HostedEventLoop {
        HostedLoop(Host host) {
            super(host);
        }

        HostedLoop(Host host, LoopClock clock, NestingGuard guard) {
            super(host, clock, guard);
        }
    }

    private void hostedEventLoop() {
        npe("new HostedEventLoop(Host)", "host null", "host", () -> new HostedLoop(null));
        npe("new HostedEventLoop(Host, LoopClock, NestingGuard)", "clock null", "clock",
                () -> new HostedLoop(new TrivialHost(), null, null));
        ok("new HostedEventLoop(Host, LoopClock, NestingGuard)", "nestingGuard null", "nested runs are refused", () -> {
            try (EventLoop loop = new HostedLoop(new TrivialHost(), LoopClock.system(), null)) {
                assertFalse(loop.isRunning());
            }
        });
    }

    // ------------------------------------------------------------------ LoopFuture and Task

    /** A pending future of a virtual-clock loop that is not running. */
    private static LoopFuture<String> pending() {
        return EventLoop.withVirtualClock().createFuture();
    }

    /** A pending future created on the thread of a loop that runs on another thread. */
    private static LoopFuture<String> futureOn(EventLoop loop) throws Exception {
        return LoopRunner.callOn(loop, () -> loop.<String>createFuture());
    }

    private static LoopFuture<String> cancelled() {
        LoopFuture<String> f = pending();
        f.cancel("gone");
        return f;
    }

    private void loopFuture() {
        String add = "LoopFuture.addDoneCallback(Consumer)";
        npe(add, "callback null", "callback", () -> pending().addDoneCallback(null));
        thr(add, "wrong thread (any mode)", IllegalStateException.class, "addDoneCallback() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> futureOn(loop).addDoneCallback(f -> { })));
        thr(add, "done future of a closed loop", IllegalStateException.class, CLOSED, () -> {
            EventLoop loop = EventLoop.withVirtualClock();
            LoopFuture<String> f = loop.createFuture();
            f.setResult("x");
            loop.close();
            f.addDoneCallback(x -> { });
        });

        String remove = "LoopFuture.removeDoneCallback(Consumer)";
        ok(remove, "callback null", "returns false", () -> assertFalse(pending().removeDoneCallback(null)));
        thr(remove, "wrong thread (any mode)", IllegalStateException.class, "removeDoneCallback() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> futureOn(loop).removeDoneCallback(f -> { })));

        String cancel = "LoopFuture.cancel(String)";
        ok(cancel, "message null", "a default message naming the future", () -> {
            LoopFuture<String> f = pending();
            assertTrue(f.cancel((String) null));
            CancellationException ce = assertThrows(CancellationException.class, f::result);
            assertTrue(ce.getMessage().startsWith("cancelled: LoopFuture["), ce.getMessage());
        });
        ok(cancel, "done future", "returns false, nothing changes", () -> {
            LoopFuture<String> f = cancelled();
            assertFalse(f.cancel("again"));
        });
        ok(cancel, "pending future of a closed loop", "returns true; its done callbacks never run", () -> {
            EventLoop loop = EventLoop.withVirtualClock();
            LoopFuture<String> f = loop.createFuture();
            boolean[] ran = {false};
            f.addDoneCallback(x -> ran[0] = true);
            loop.close();
            assertTrue(f.cancel("late"));
            assertTrue(f.isCancelled());
            assertFalse(ran[0]);
        });

        String result = "LoopFuture.result()";
        thr(result, "pending future", IllegalStateException.class, "is not ready yet: await it in a task, or use addDoneCallback",
                () -> pending().result());
        thr(result, "cancelled future", CancellationException.class, "gone", () -> cancelled().result());
        String exception = "LoopFuture.exception()";
        thr(exception, "pending future", IllegalStateException.class, "is not ready yet", () -> pending().exception());
        thr(exception, "cancelled future", CancellationException.class, "gone", () -> cancelled().exception());

        String set = "LoopFuture.setResult(T)";
        thr(set, "done future", IllegalStateException.class, "is already done; completing it again would lose a result",
                () -> {
                    LoopFuture<String> f = pending();
                    f.setResult("a");
                    f.setResult("b");
                });
        thr(set, "wrong thread (any mode)", IllegalStateException.class, "setResult() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> futureOn(loop).setResult("x")));
        thr(set, "future of a closed loop, with a done callback", IllegalStateException.class, CLOSED, () -> {
            EventLoop loop = EventLoop.withVirtualClock();
            LoopFuture<String> f = loop.createFuture();
            f.addDoneCallback(x -> { });
            loop.close();
            try {
                f.setResult("late");
            } finally {
                assertTrue(f.isDone(), "the future is completed all the same; only its callbacks cannot run");
            }
        });

        String setEx = "LoopFuture.setException(Throwable)";
        npe(setEx, "error null", "error", () -> pending().setException(null));
        thr(setEx, "done future", IllegalStateException.class, "is already done", () -> {
            LoopFuture<String> f = pending();
            f.setResult("a");
            f.setException(new Exception());
        });
        ok(setEx, "future cancelled by a thread that is not the running loop's (or while no loop ran)",
                "does nothing: the cancellation won, as in a race with another thread's cancel (documented)", () -> {
                    LoopFuture<String> f = cancelled();
                    f.setException(new Exception("too late"));
                    assertTrue(f.isCancelled());
                });
        thr(setEx, "wrong thread (any mode)", IllegalStateException.class, "setException() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> futureOn(loop).setException(new Exception())));
        ok(setEx, "a CancellationException", "the future is cancelled (not failed)", () -> {
            LoopFuture<String> f = pending();
            f.setException(new CancellationException("by hand"));
            assertTrue(f.isCancelled());
        });

        String get = "LoopFuture.get()";
        thr(get, "on the loop thread, pending", IllegalStateException.class, "get() on the loop thread would wait forever",
                () -> inTask(() -> EventLoop.current().createFuture().get()));
        thr(get, "cancelled future", CancellationException.class, "gone", () -> cancelled().get());
        String getT = "LoopFuture.get(long, TimeUnit)";
        npe(getT, "unit null", "unit", () -> pending().get(1, null));
        thr(getT, "negative timeout, pending", TimeoutException.class, "future not done in time",
                () -> pending().get(-1, TimeUnit.SECONDS));
        ok(getT, "timeout too large for nanoseconds", "waits without limit (no overflow)",
                () -> withLoopOnAnotherThread(false, loop -> {
                    LoopFuture<String> f = futureOn(loop);
                    loop.callSoonThreadsafe(() -> f.setResult("done"));
                    assertEquals("done", f.get(Long.MAX_VALUE - 1, TimeUnit.NANOSECONDS));
                    assertEquals("done", f.get(Long.MAX_VALUE, TimeUnit.DAYS));
                }));
        thr(getT, "on the loop thread, pending", IllegalStateException.class, "get() on the loop thread would wait forever",
                () -> inTask(() -> EventLoop.current().createFuture().get(1, TimeUnit.SECONDS)));

        ok("LoopFuture.toCompletableFuture()", "pending future of a closed loop",
                "the CompletableFuture fails at once with an IllegalStateException", () -> {
                    EventLoop loop = EventLoop.withVirtualClock();
                    LoopFuture<String> f = loop.createFuture();
                    loop.close();
                    ExecutionException e = assertThrows(ExecutionException.class, () -> f.toCompletableFuture().get(1, TimeUnit.SECONDS));
                    assertInstanceOf(IllegalStateException.class, e.getCause());
                    assertTrue(e.getCause().getMessage().contains("was closed before"), e.getCause().getMessage());
                });
    }

    private void task() {
        thr("Task.setResult(T)", "any value", UnsupportedOperationException.class,
                "a task's outcome is what its body returns or throws",
                () -> inTask(() -> EventLoop.current().createTask(() -> 1).setResult(2)));
        thr("Task.setException(Throwable)", "any error", UnsupportedOperationException.class,
                "Call cancel() to stop the task", () -> inTask(() -> EventLoop.current().createTask(() -> 1).setException(new Exception())));
        ok("Task.uncancel()", "no cancellation requested", "returns 0, nothing changes", () -> inTask(() -> {
            assertEquals(0, Async.currentTask().uncancel());
            assertEquals(0, Async.currentTask().cancelling());
        }));
    }

    // ------------------------------------------------------------------ Async

    /** Await in a static initializer: the task cannot suspend there (pinned). Initialised by one row only. */
    private static final class AwaitsInStaticInitializer {
        static final Exception ERROR;

        static {
            Exception e = null;
            try {
                Async.await(EventLoop.current().createFuture());
            } catch (Exception thrown) {
                e = thrown;
            }
            ERROR = e;
        }
    }

    private void async() {
        String await = "Async.await(LoopFuture)";
        npe(await, "future null", "future", () -> Async.await((LoopFuture<?>) null));
        thr(await, "outside any loop, pending", IllegalStateException.class,
                "await() was called from thread '", () -> Async.await(pending()));
        thr(await, "in a plain callback, pending", IllegalStateException.class,
                "await() was called from a plain callback of the loop (or an event handler), not in a task's own code",
                () -> inCallback(loop -> Async.await(loop.createFuture())));
        ok(await, "outside a task, done", "returns the value (the task check is only made for a pending future)",
                () -> {
                    LoopFuture<String> f = pending();
                    f.setResult("v");
                    assertEquals("v", Async.await(f));
                });
        thr(await, "a future of another loop", IllegalArgumentException.class, "which belongs to another event loop",
                () -> inTask(() -> Async.await(EventLoop.withVirtualClock().createFuture())));
        thr(await, "re-entry: the calling task itself", IllegalStateException.class,
                "Task 'main' would wait forever: it awaits itself", () -> inTask(() -> Async.await(Async.currentTask())));
        thr(await, "nested where impossible: in a static initializer", IllegalStateException.class,
                "cannot suspend the task (Pinned:", () -> inTask(() -> {
                    throw AwaitsInStaticInitializer.ERROR;
                }));

        String awaitS = "Async.await(CompletionStage)";
        npe(awaitS, "stage null", "stage", () -> Async.await((CompletableFuture<?>) null));
        thr(awaitS, "outside any loop, pending", IllegalStateException.class, "await() was called from thread '",
                () -> Async.await(new CompletableFuture<>()));

        thr("Async.currentTask()", "outside a task", IllegalStateException.class,
                "currentTask() was called from thread '", Async::currentTask);
        thr("Async.yieldNow()", "outside a task", IllegalStateException.class, "yieldNow() was called from thread '",
                Async::yieldNow);

        String sleep = "Async.sleep(Duration)";
        npe(sleep, "delay null", "delay", () -> Async.sleep(null));
        thr(sleep, "outside a task", IllegalStateException.class, "sleep() was called from thread '",
                () -> Async.sleep(HOUR));
        thr(sleep, "outside a task, negative delay", IllegalStateException.class, "sleep() was called from thread '",
                () -> Async.sleep(Duration.ofSeconds(-1)));
        ok(sleep, "negative delay", "yields once, like yieldNow()", () -> inTask(() -> {
            long t0 = EventLoop.current().time();
            Async.sleep(Duration.ofSeconds(-1));
            assertEquals(t0, EventLoop.current().time());
        }));
        ok(sleep, "`Duration` too large for long nanoseconds", "sleeps until cancelled", () -> inTask(() -> {
            Task<Void> sleeper = EventLoop.current().createTask(() -> {
                Async.sleep(HUGE);
                return null;
            });
            Async.sleep(Duration.ofDays(365 * 100L));
            assertFalse(sleeper.isDone(), "still asleep a century later");
            sleeper.cancel();
            assertThrows(CancellationException.class, () -> Async.await(sleeper));
        }));

        String gather = "Async.gather(List)";
        npe(gather, "futures null", "futures", () -> inTask(() -> Async.gather(null)));
        thr(gather, "outside a task", IllegalStateException.class, "gather() was called from thread '",
                () -> Async.gather(List.of()));
        npe(gather, "a null element", "gather: futures[1] is null",
                () -> inTask(() -> Async.gather(Arrays.asList(EventLoop.current().createFuture(), null))));
        thr(gather, "a future of another loop", IllegalArgumentException.class,
                "gather: futures[0] (LoopFuture[pending]) belongs to another event loop than the current task",
                () -> inTask(() -> Async.gather(List.of(EventLoop.withVirtualClock().createFuture()))));
        thr(gather, "re-entry: the calling task among them", IllegalStateException.class,
                "gather: futures[0] is the calling task 'main' itself",
                () -> inTask(() -> Async.gather(List.of(Async.currentTask()))));
        thr(gather, "re-entry: a task that awaits the calling task", IllegalStateException.class,
                "gather: futures[0] is task 'waiter', which awaits the calling task 'main'", () -> inTask(() -> {
                    Task<?> main = Async.currentTask();
                    Task<?> waiter = EventLoop.current().createTask("waiter", () -> Async.await(main));
                    Async.yieldNow(); // the waiter now awaits main
                    try {
                        Async.gather(List.of(waiter));
                    } finally {
                        waiter.cancel();
                    }
                }));
        ok(gather, "empty list", "returns an empty list", () -> inTask(() -> assertEquals(List.of(), Async.gather(List.of()))));

        String settled = "Async.gatherSettled(List)";
        npe(settled, "futures null", "futures", () -> inTask(() -> Async.gatherSettled(null)));
        thr(settled, "outside a task", IllegalStateException.class, "gatherSettled() was called from thread '",
                () -> Async.gatherSettled(List.of()));
        thr(settled, "re-entry: the calling task among them", IllegalStateException.class,
                "gatherSettled: futures[0] is the calling task 'main' itself",
                () -> inTask(() -> Async.gatherSettled(List.of(Async.currentTask()))));

        String waitFor = "Async.waitFor(LoopFuture, Duration)";
        npe(waitFor, "future null", "future", () -> inTask(() -> Async.waitFor(null, HOUR)));
        npe(waitFor, "timeout null", "timeout", () -> inTask(() -> Async.waitFor(EventLoop.current().createFuture(), null)));
        thr(waitFor, "outside a task", IllegalStateException.class, "waitFor() was called from thread '",
                () -> Async.waitFor(pending(), HOUR));
        thr(waitFor, "a future of another loop", IllegalArgumentException.class,
                "waitFor: future (LoopFuture[pending]) belongs to another event loop than the current task",
                () -> inTask(() -> Async.waitFor(EventLoop.withVirtualClock().createFuture(), HOUR)));
        thr(waitFor, "negative timeout, pending future", TimeoutException.class, "Async.waitFor timed out: the timeout was PT-1S",
                () -> inTask(() -> Async.waitFor(EventLoop.current().createFuture(), Duration.ofSeconds(-1))));
        ok(waitFor, "`Duration` too large for long nanoseconds", "no deadline", () -> inTask(() -> {
            LoopFuture<String> f = EventLoop.current().createFuture();
            EventLoop.current().callLater(Duration.ofDays(365), () -> f.setResult("a year later"));
            assertEquals("a year later", Async.waitFor(f, HUGE));
        }));
        thr(waitFor, "re-entry: the calling task itself", IllegalStateException.class, "it awaits itself",
                () -> inTask(() -> Async.waitFor(Async.currentTask(), HOUR)));

        String withTimeout = "Async.withTimeout(Duration, Coroutine)";
        npe(withTimeout, "delay null", "delay", () -> inTask(() -> Async.withTimeout(null, () -> 1)));
        npe(withTimeout, "body null", "body", () -> inTask(() -> Async.withTimeout(HOUR, null)));
        thr(withTimeout, "outside a task", IllegalStateException.class, "Async.withTimeout() was called from thread '",
                () -> Async.withTimeout(HOUR, () -> 1));
        thr(withTimeout, "negative delay", TimeoutException.class, "Async.withTimeout timed out after PT0S",
                () -> inTask(() -> Async.withTimeout(Duration.ofSeconds(-1), () -> {
                    Async.sleep(HOUR);
                    return 1;
                })));
        ok(withTimeout, "`Duration` too large for long nanoseconds", "no deadline", () -> inTask(() -> {
            assertEquals(1, (int) Async.withTimeout(HUGE, () -> {
                Async.sleep(Duration.ofDays(365));
                return 1;
            }));
        }));

        npe("Async.shield(LoopFuture)", "future null", "future", () -> Async.shield(null));
        thr("Async.shield(LoopFuture)", "wrong thread (any mode)", IllegalStateException.class,
                "Async.shield() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> Async.shield(futureOn(loop))));

        String waitUntil = "Async.waitUntil(Collection, WaitMode)";
        npe(waitUntil, "futures null", "futures", () -> inTask(() -> Async.waitUntil(null, WaitMode.ALL_COMPLETED)));
        npe(waitUntil, "mode null", "mode", () -> inTask(() -> Async.waitUntil(List.of(EventLoop.current().createFuture()), null)));
        thr(waitUntil, "empty collection", IllegalArgumentException.class,
                "waitUntil needs at least one future; with none it would wait forever",
                () -> inTask(() -> Async.waitUntil(List.of(), WaitMode.FIRST_COMPLETED)));
        npe(waitUntil, "a null element", "waitUntil: futures[0] is null",
                () -> inTask(() -> Async.waitUntil(Arrays.asList((LoopFuture<?>) null), WaitMode.FIRST_COMPLETED)));
        thr(waitUntil, "outside a task", IllegalStateException.class, "waitUntil() was called from thread '",
                () -> Async.waitUntil(List.of(pending()), WaitMode.ALL_COMPLETED));
        thr(waitUntil, "the calling task among them, ALL_COMPLETED (in withTimeout(1 s))", TimeoutException.class,
                "Async.withTimeout timed out after PT1S", () -> inTask(() -> Async.withTimeout(Duration.ofSeconds(1),
                        () -> Async.waitUntil(List.of(Async.currentTask()), WaitMode.ALL_COMPLETED))));
        note("waits for itself until a timeout or a cancellation ends it, as asyncio.wait does (gather refuses this, "
                + "above; here the other modes make sense with other futures)");
        String waitUntilT = "Async.waitUntil(Collection, WaitMode, Duration)";
        npe(waitUntilT, "timeout null", "timeout",
                () -> inTask(() -> Async.waitUntil(List.of(EventLoop.current().createFuture()), WaitMode.ALL_COMPLETED, null)));
        ok(waitUntilT, "negative timeout", "returns at once with what is done now", () -> inTask(() -> {
            LoopFuture<Object> f = EventLoop.current().createFuture();
            WaitResult<LoopFuture<Object>> r = Async.waitUntil(List.of(f), WaitMode.ALL_COMPLETED, Duration.ofSeconds(-1));
            assertEquals(Set.of(f), r.pending());
        }));
        ok(waitUntilT, "`Duration` too large for long nanoseconds", "no deadline", () -> inTask(() -> {
            LoopFuture<String> f = EventLoop.current().createFuture();
            EventLoop.current().callLater(Duration.ofDays(365), () -> f.setResult("x"));
            assertEquals(Set.of(f), Async.waitUntil(List.of(f), WaitMode.ALL_COMPLETED, HUGE).done());
        }));

        String asCompleted = "Async.asCompleted(Collection)";
        npe(asCompleted, "futures null", "futures", () -> Async.asCompleted(null));
        npe(asCompleted, "a null element", "asCompleted: futures[0] is null",
                () -> Async.asCompleted(Arrays.asList((LoopFuture<?>) null)));
        thr(asCompleted, "futures of two loops", IllegalArgumentException.class, "belongs to another event loop than futures[0]",
                () -> Async.asCompleted(List.of(pending(), pending())));
        ok(asCompleted, "empty collection", "hands out nothing", () -> assertFalse(Async.asCompleted(List.of()).iterator().hasNext()));
        thr(asCompleted, "wrong thread (any mode)", IllegalStateException.class, "asCompleted() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> Async.asCompleted(List.of(futureOn(loop)))));
        String asCompletedT = "Async.asCompleted(Collection, Duration)";
        npe(asCompletedT, "timeout null", "timeout", () -> Async.asCompleted(List.of(pending()), null));
        thr(asCompletedT, "negative timeout", TimeoutException.class, "asCompleted timed out after PT-1S with 1 of 1 futures not done",
                () -> inTask(() -> {
                    Iterator<LoopFuture<Object>> it = Async.asCompleted(List.of(EventLoop.current().createFuture()),
                            Duration.ofSeconds(-1)).iterator();
                    Async.await(it.next());
                }));
    }

    // ------------------------------------------------------------------ TaskGroup, Timeout

    /** Calls {@code call} in the body of a TaskGroup in a task, and rethrows what it threw there. */
    private static void inGroup(java.util.function.Consumer<TaskGroup> call) throws Exception {
        try {
            inTask(() -> TaskGroup.run(g -> {
                call.accept(g);
                return null;
            }));
        } catch (TaskGroupException e) {
            if (e.failures().size() == 1 && e.failures().get(0) instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    private void taskGroup() {
        npe("TaskGroup.run(Body)", "body null", "body", () -> inTask(() -> TaskGroup.run(null)));
        thr("TaskGroup.run(Body)", "outside a task", IllegalStateException.class, "TaskGroup.run() was called from thread '",
                () -> TaskGroup.run(g -> 1));

        String create = "TaskGroup.createTask(Coroutine)";
        npe(create, "body null", "body", () -> inGroup(g -> g.createTask(null)));
        thr(create, "the group has finished", IllegalStateException.class, "has finished: its run() returned or is returning",
                () -> inTask(() -> TaskGroup.run(g -> g).createTask(() -> 1)));
        thr(create, "the group is shutting down after a failure", IllegalStateException.class,
                "is shutting down (a child failed, or it was cancelled); it accepts no new tasks", () -> inTask(() -> {
                    try {
                        TaskGroup.run(g -> {
                            g.createTask(() -> {
                                throw new IllegalArgumentException("child failed");
                            });
                            try {
                                Async.sleep(HOUR);
                            } catch (CancellationException ce) {
                                g.createTask(() -> 1); // the failure cancelled the body: too late for new children
                            }
                            return null;
                        });
                    } catch (TaskGroupException e) {
                        // the body's failure is listed after the child's
                        if (e.failures().size() == 2 && e.failures().get(1) instanceof IllegalStateException ise) throw ise;
                        throw e;
                    }
                }));
        thr(create, "wrong thread (any mode)", IllegalStateException.class, "TaskGroup.createTask() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> {
                    TaskGroup g = startOn(loop, handOff -> () -> TaskGroup.run(group -> {
                        handOff.complete(group);
                        Async.sleep(HOUR);
                        return null;
                    }));
                    g.createTask(() -> 1);
                }));
        ok("TaskGroup.createTask(String, Coroutine)", "name null", "a generated name",
                () -> inTask(() -> TaskGroup.run(g -> g.createTask(null, () -> 1))));
        String createStart = "TaskGroup.createTask(String, TaskStart, Coroutine)";
        npe(createStart, "start null", "start", () -> inGroup(g -> g.createTask("t", null, () -> 1)));
        npe(createStart, "body null", "body", () -> inGroup(g -> g.createTask("t", TaskStart.EAGER, null)));
        thr(createStart, "the group has finished", IllegalStateException.class,
                "has finished: its run() returned or is returning",
                () -> inTask(() -> TaskGroup.run(g -> g).createTask("t", TaskStart.EAGER, () -> 1)));
        note("EAGER or SOON: the same checks, before any of the body runs");

        ok("TaskGroup.cancel()", "the group has finished", "does nothing", () -> inTask(() -> {
            TaskGroup.run(g -> g).cancel();
            Async.yieldNow();
            assertEquals(0, Async.currentTask().cancelling(), "the finished group did not cancel its old parent");
        }));
        thr("TaskGroup.cancel()", "wrong thread (any mode)", IllegalStateException.class, "TaskGroup.cancel() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> {
                    TaskGroup g = startOn(loop, handOff -> () -> TaskGroup.run(group -> {
                        handOff.complete(group);
                        Async.sleep(HOUR);
                        return null;
                    }));
                    g.cancel();
                }));

        npe("new TaskGroupException(List)", "failures null", "failures", () -> new TaskGroupException(null));
        thr("new TaskGroupException(List)", "empty list", IllegalArgumentException.class,
                "a TaskGroupException needs at least one failure", () -> new TaskGroupException(List.of()));
        npe("new TaskGroupException(List)", "a null element", "failures[1] is null",
                () -> new TaskGroupException(Arrays.asList(new Exception(), null)));
    }

    private void timeout() {
        String run = "Timeout.run(Duration, Body)";
        npe(run, "delay null", "delay", () -> inTask(() -> Timeout.run(null, t -> 1)));
        npe(run, "body null", "body", () -> inTask(() -> Timeout.run(HOUR, null)));
        thr(run, "outside a task", IllegalStateException.class, "Timeout.run() was called from thread '",
                () -> Timeout.run(HOUR, t -> 1));
        thr(run, "negative delay", TimeoutException.class, "Timeout.run timed out after PT0S", () -> inTask(() -> Timeout.run(
                Duration.ofSeconds(-1), t -> {
                    Async.sleep(HOUR);
                    return 1;
                })));
        ok(run, "`Duration` too large for long nanoseconds", "no deadline (`deadline()` is Long.MAX_VALUE)",
                () -> inTask(() -> assertEquals(Long.MAX_VALUE, (long) Timeout.run(HUGE, Timeout::deadline))));

        String runAt = "Timeout.runAt(long, Body)";
        npe(runAt, "body null", "body", () -> inTask(() -> Timeout.runAt(0, null)));
        thr(runAt, "outside a task", IllegalStateException.class, "Timeout.runAt() was called from thread '",
                () -> Timeout.runAt(0, t -> 1));
        thr(runAt, "Long.MIN_VALUE", TimeoutException.class, "Timeout.runAt timed out", () -> inTask(() -> Timeout.runAt(
                Long.MIN_VALUE, t -> {
                    Async.sleep(HOUR);
                    return 1;
                })));

        String reschedule = "Timeout.reschedule(Duration)";
        npe(reschedule, "delay null", "delay", () -> inTask(() -> Timeout.run(HOUR, t -> {
            t.reschedule(null);
            return 1;
        })));
        thr(reschedule, "the block has ended", IllegalStateException.class,
                "Cannot reschedule a Timeout that has ended; start a new Timeout.run for more work", () -> inTask(() -> {
                    Timeout scope = Timeout.run(HOUR, t -> t);
                    scope.reschedule(HOUR);
                }));
        thr(reschedule, "the scope has expired", IllegalStateException.class, "Cannot reschedule a Timeout that has expired",
                () -> inTask(() -> Timeout.run(Duration.ofSeconds(1), t -> {
                    try {
                        Async.sleep(HOUR);
                    } catch (CancellationException expired) {
                        t.reschedule(HOUR);
                    }
                    return 1;
                })));
        ok(reschedule, "`Duration` too large for long nanoseconds", "the deadline is removed", () -> inTask(() -> {
            assertEquals(Long.MAX_VALUE, (long) Timeout.run(Duration.ofSeconds(1), t -> {
                t.reschedule(HUGE);
                Async.sleep(HOUR);
                return t.deadline();
            }));
        }));
        thr(reschedule, "wrong thread (any mode)", IllegalStateException.class, "Timeout.reschedule() was called from thread",
                () -> withLoopOnAnotherThread(false, loop -> {
                    Timeout scope = startOn(loop, handOff -> () -> Timeout.run(HOUR, t -> {
                        handOff.complete(t);
                        Async.sleep(Duration.ofMinutes(30));
                        return null;
                    }));
                    scope.reschedule(Duration.ofSeconds(1));
                }));
        String rescheduleAt = "Timeout.rescheduleAt(long)";
        thr(rescheduleAt, "the block has ended", IllegalStateException.class, "Cannot reschedule a Timeout that has ended",
                () -> inTask(() -> Timeout.run(HOUR, t -> t).rescheduleAt(0)));
        thr(rescheduleAt, "Long.MIN_VALUE", TimeoutException.class, "Timeout.run timed out", () -> inTask(() -> Timeout.run(
                HOUR, t -> {
                    t.rescheduleAt(Long.MIN_VALUE);
                    Async.sleep(HOUR);
                    return 1;
                })));
    }

    // ------------------------------------------------------------------ values

    private void values() {
        npe("new ErrorContext(String, Throwable, Handle, LoopFuture)", "message null", "message",
                () -> new ErrorContext(null, null, null, null));
        npe("new Outcome.Failure(Throwable)", "error null", "error", () -> new Outcome.Failure<>(null));
        thr("Outcome.Failure.getOrThrow()", "an error that is neither Exception nor Error", IllegalStateException.class,
                "the future failed with a Throwable that is neither an Exception nor an Error",
                () -> new Outcome.Failure<>(new Throwable("odd")).getOrThrow());
        ok("new Outcome.Success(T)", "value null", "a success with the value null",
                () -> assertNull(new Outcome.Success<>(null).getOrThrow()));
        npe("new WaitResult(Set, Set)", "done null", "done", () -> new WaitResult<LoopFuture<?>>(null, Set.of()));
        npe("new WaitResult(Set, Set)", "pending null", "pending", () -> new WaitResult<LoopFuture<?>>(Set.of(), null));
        npe("WaitMode.valueOf(String)", "name null", "Name is null", () -> WaitMode.valueOf(null));
        thr("WaitMode.valueOf(String)", "unknown name", IllegalArgumentException.class,
                "No enum constant io.loopfx.core.WaitMode.ALL", () -> WaitMode.valueOf("ALL"));
        npe("TaskStart.valueOf(String)", "name null", "Name is null", () -> TaskStart.valueOf(null));
        thr("TaskStart.valueOf(String)", "unknown name", IllegalArgumentException.class,
                "No enum constant io.loopfx.core.TaskStart.LAZY", () -> TaskStart.valueOf("LAZY"));
    }

    // ------------------------------------------------------------------ sync

    /** Uses {@code use} in a task of one loop, then calls {@code call} in a task of another. */
    private static Call fromTwoLoops(Contexts.Body use, Contexts.Body call) {
        return () -> {
            inTask(use);
            inTask(call);
        };
    }

    private void lock() {
        thr("AsyncLock.acquire()", "outside a task", IllegalStateException.class,
                "AsyncLock.acquire() was called outside a task's own code (on thread '", () -> new AsyncLock().acquire());
        AsyncLock bound = new AsyncLock();
        thr("AsyncLock.acquire()", "a task of another loop than the first user's", IllegalStateException.class,
                "Each AsyncLock serves one loop: create one per loop", fromTwoLoops(() -> bound.withLock(() -> 1), bound::acquire));
        thr("AsyncLock.acquire()", "re-entry: again in the task that holds it (in withTimeout(1 s))", TimeoutException.class,
                "Async.withTimeout timed out after PT1S", () -> inTask(() -> {
                    AsyncLock lock = new AsyncLock();
                    lock.acquire();
                    Async.withTimeout(Duration.ofSeconds(1), () -> {
                        lock.acquire(); // not reentrant and not owned, like asyncio.Lock: it waits for itself
                        return null;
                    });
                }));
        note("waits for itself until a timeout or a cancellation ends it: the lock has no owner, like asyncio.Lock");
        thr("AsyncLock.release()", "not locked", IllegalStateException.class,
                "AsyncLock.release() was called on a lock that is not locked", () -> new AsyncLock().release());
        npe("AsyncLock.withLock(Coroutine)", "body null", "body", () -> new AsyncLock().withLock(null));
        thr("AsyncLock.withLock(Coroutine)", "outside a task", IllegalStateException.class,
                "AsyncLock.acquire() was called outside a task's own code", () -> new AsyncLock().withLock(() -> 1));
    }

    private void event() {
        thr("AsyncEvent.waitSet()", "outside a task", IllegalStateException.class, "or use isSet(), which never waits",
                () -> new AsyncEvent().waitSet());
        AsyncEvent bound = new AsyncEvent();
        thr("AsyncEvent.waitSet()", "a task of another loop than the first user's", IllegalStateException.class,
                "Each AsyncEvent serves one loop", fromTwoLoops(() -> {
                    bound.set();
                    bound.waitSet();
                }, bound::waitSet));
    }

    private void condition() {
        npe("new AsyncCondition(AsyncLock)", "lock null", "lock", () -> new AsyncCondition(null));
        thr("AsyncCondition.acquire()", "outside a task", IllegalStateException.class, "AsyncLock.acquire() was called outside a task",
                () -> new AsyncCondition().acquire());
        thr("AsyncCondition.release()", "not locked", IllegalStateException.class, "AsyncLock.release() was called on a lock that is not locked",
                () -> new AsyncCondition().release());
        npe("AsyncCondition.withLock(Coroutine)", "body null", "body", () -> new AsyncCondition().withLock(null));
        thr("AsyncCondition.waitSignal()", "outside a task", IllegalStateException.class,
                "AsyncCondition.waitSignal() was called outside a task's own code", () -> new AsyncCondition().waitSignal());
        thr("AsyncCondition.waitSignal()", "lock not held", IllegalStateException.class,
                "AsyncCondition.waitSignal() needs the condition's lock, which is not held",
                () -> inTask(() -> new AsyncCondition().waitSignal()));
        npe("AsyncCondition.waitFor(BooleanSupplier)", "predicate null", "predicate", () -> new AsyncCondition().waitFor(null));
        thr("AsyncCondition.waitFor(BooleanSupplier)", "lock not held", IllegalStateException.class,
                "AsyncCondition.waitFor() needs the condition's lock", () -> inTask(() -> new AsyncCondition().waitFor(() -> true)));
        thr("AsyncCondition.signal()", "lock not held", IllegalStateException.class, "AsyncCondition.signal() needs the condition's lock",
                () -> new AsyncCondition().signal());
        thr("AsyncCondition.signal(int)", "negative", IllegalArgumentException.class, "signal(n) needs n >= 0, got -1",
                () -> new AsyncCondition().signal(-1));
        thr("AsyncCondition.signal(int)", "lock not held", IllegalStateException.class, "AsyncCondition.signal() needs the condition's lock",
                () -> new AsyncCondition().signal(1));
        thr("AsyncCondition.signalAll()", "lock not held", IllegalStateException.class,
                "AsyncCondition.signalAll() needs the condition's lock", () -> new AsyncCondition().signalAll());
    }

    private void semaphores() {
        thr("new AsyncSemaphore(int)", "negative", IllegalArgumentException.class, "AsyncSemaphore needs 0 or more initial permits, got -1",
                () -> new AsyncSemaphore(-1));
        thr("AsyncSemaphore.acquire()", "outside a task", IllegalStateException.class, "AsyncSemaphore.acquire() was called outside a task",
                () -> new AsyncSemaphore(1).acquire());
        AsyncSemaphore bound = new AsyncSemaphore(1);
        thr("AsyncSemaphore.acquire()", "a task of another loop than the first user's", IllegalStateException.class,
                "Each AsyncSemaphore serves one loop", fromTwoLoops(() -> bound.withPermit(() -> 1), bound::acquire));
        ok("AsyncSemaphore.release()", "more often than acquired", "raises the permits (unbounded, as asyncio's)", () -> {
            AsyncSemaphore s = new AsyncSemaphore(1);
            s.release();
            assertEquals(2, s.available());
        });
        thr("AsyncSemaphore.release()", "Integer.MAX_VALUE permits free already", IllegalStateException.class,
                "2147483647 permits are free already, the most it can count", () -> new AsyncSemaphore(Integer.MAX_VALUE).release());
        npe("AsyncSemaphore.withPermit(Coroutine)", "body null", "body", () -> new AsyncSemaphore(1).withPermit(null));
        thr("new AsyncBoundedSemaphore(int)", "negative", IllegalArgumentException.class,
                "AsyncBoundedSemaphore needs 0 or more initial permits, got -1", () -> new AsyncBoundedSemaphore(-1));
        thr("AsyncBoundedSemaphore.release()", "more often than acquired", IllegalStateException.class,
                "AsyncBoundedSemaphore released more often than acquired: all 1 permits are free already",
                () -> new AsyncBoundedSemaphore(1).release());
    }

    private void queue() {
        String mustBe = "AsyncQueue maxSize must be 0 (unbounded) or positive, got -1";
        thr("AsyncQueue.fifo(int)", "negative", IllegalArgumentException.class, mustBe, () -> AsyncQueue.fifo(-1));
        thr("AsyncQueue.lifo(int)", "negative", IllegalArgumentException.class, mustBe, () -> AsyncQueue.lifo(-1));
        thr("AsyncQueue.priority(int)", "negative", IllegalArgumentException.class, mustBe, () -> AsyncQueue.<Integer>priority(-1));
        thr("AsyncQueue.priority(int, Comparator)", "negative", IllegalArgumentException.class, mustBe,
                () -> AsyncQueue.<Integer>priority(-1, Integer::compare));
        npe("AsyncQueue.priority(int, Comparator)", "order null", "order", () -> AsyncQueue.priority(0, null));

        npe("AsyncQueue.put(T)", "item null", "item", () -> AsyncQueue.fifo().put(null));
        thr("AsyncQueue.put(T)", "outside a task", IllegalStateException.class, "or use putNowait(), which never waits",
                () -> AsyncQueue.fifo().put("x"));
        thr("AsyncQueue.put(T)", "shut down", QueueShutDownException.class, "AsyncQueue is shut down: it accepts no more items",
                () -> inTask(() -> {
                    AsyncQueue<String> q = AsyncQueue.fifo();
                    q.shutdown();
                    q.put("x");
                }));
        AsyncQueue<String> bound = AsyncQueue.fifo();
        thr("AsyncQueue.put(T)", "a task of another loop than the first user's", IllegalStateException.class,
                "Each AsyncQueue serves one loop", fromTwoLoops(() -> bound.put("a"), () -> bound.put("b")));

        npe("AsyncQueue.putNowait(T)", "item null", "item", () -> AsyncQueue.fifo().putNowait(null));
        thr("AsyncQueue.putNowait(T)", "full", QueueFullException.class, "AsyncQueue is full (maxSize 1): putNowait() cannot add an item",
                () -> {
                    AsyncQueue<String> q = AsyncQueue.fifo(1);
                    q.putNowait("a");
                    q.putNowait("b");
                });
        thr("AsyncQueue.putNowait(T)", "shut down", QueueShutDownException.class, "it accepts no more items", () -> {
            AsyncQueue<String> q = AsyncQueue.fifo();
            q.shutdown();
            q.putNowait("x");
        });

        thr("AsyncQueue.get()", "outside a task", IllegalStateException.class, "or use getNowait(), which never waits",
                () -> AsyncQueue.fifo().get());
        thr("AsyncQueue.get()", "shut down and empty", QueueShutDownException.class,
                "AsyncQueue is shut down and has no item left to return", () -> inTask(() -> {
                    AsyncQueue<String> q = AsyncQueue.fifo();
                    q.shutdown();
                    q.get();
                }));
        thr("AsyncQueue.getNowait()", "empty", QueueEmptyException.class, "AsyncQueue is empty: getNowait() has no item to return",
                () -> AsyncQueue.fifo().getNowait());
        thr("AsyncQueue.getNowait()", "shut down and empty", QueueShutDownException.class, "has no item left to return", () -> {
            AsyncQueue<String> q = AsyncQueue.fifo();
            q.shutdown();
            q.getNowait();
        });
        thr("AsyncQueue.taskDone()", "more often than items were put", IllegalStateException.class,
                "AsyncQueue.taskDone() was called more often than items were put", () -> AsyncQueue.fifo().taskDone());
        thr("AsyncQueue.join()", "outside a task", IllegalStateException.class, "AsyncQueue.join() was called outside a task",
                () -> AsyncQueue.fifo().join());
    }

    // ------------------------------------------------------------------ task dump and JMX

    private void management() {
        npe("LoopManagement.register(EventLoop)", "null", "loop", () -> LoopManagement.register(null));
        thr("LoopManagement.register(EventLoop)", "a closed loop", IllegalStateException.class, "it is closed", () -> {
            EventLoop loop = EventLoop.withVirtualClock();
            loop.close();
            LoopManagement.register(loop);
        });
        npe("LoopManagement.objectName(EventLoop)", "null", "loop", () -> LoopManagement.objectName(null));
        npe("LoopManagement.unregister(EventLoop)", "null", "loop", () -> LoopManagement.unregister(null));
        ok("TaskDump.task(String)", "a name no live task has", "returns null", () -> {
            try (EventLoop loop = EventLoop.withVirtualClock()) {
                assertNull(loop.dumpTasks().task("nobody"));
            }
        });
    }

    // ------------------------------------------------------------------ io.loopfx.core.process

    /** A pool that starts no worker JVM until work arrives; the rows give it none, so closing it is instant. */
    private static ProcessPoolExecutor lazyPool() {
        return ProcessPoolExecutor.builder().workers(1).prestart(false).build();
    }

    /** A pool that is shut down: it rejects work before it would start a worker. */
    private static ProcessPoolExecutor shutDownPool() {
        ProcessPoolExecutor pool = lazyPool();
        pool.shutdown();
        return pool;
    }

    /** A callable that is not serializable (a plain lambda). */
    private static final Callable<Integer> LOCAL_CALLABLE = () -> 1;
    private static final ProcessCallable<Integer> ONE = () -> 1;
    private static final String REJECTED = "is shut down and takes no new work";

    private void processPool() {
        String workersRange = "workers must be between 1 and 1024, got ";
        thr("ProcessPoolExecutor.create(int)", "0", IllegalArgumentException.class, workersRange + "0",
                () -> ProcessPoolExecutor.create(0));
        thr("ProcessPoolExecutor.create(int)", "negative", IllegalArgumentException.class, workersRange + "-1",
                () -> ProcessPoolExecutor.create(-1));

        String submit = "ProcessPoolExecutor.submit(Callable)";
        thr(submit, "task null", NullPointerException.class, "the task is null",
                () -> pool(p -> p.submit((Callable<?>) null)));
        thr(submit, "not serializable (a plain lambda)", IllegalArgumentException.class,
                "is not Serializable, so it cannot be sent to a worker process", () -> pool(p -> p.submit(LOCAL_CALLABLE)));
        Object notSerializable = new Object();
        thr(submit, "serializable, but captures something that is not", IllegalArgumentException.class,
                "cannot be serialized", () -> pool(p -> p.submit((ProcessCallable<Integer>) () -> notSerializable.hashCode())));
        thr(submit, "after shutdown()", RejectedExecutionException.class, REJECTED, () -> {
            try (ProcessPoolExecutor p = shutDownPool()) {
                p.submit(ONE);
            }
        });

        String timed = "ProcessPoolExecutor.submit(Callable, Duration)";
        thr(timed, "timeout null", NullPointerException.class, "timeout is null", () -> pool(p -> p.submit(ONE, null)));
        thr(timed, "timeout zero", IllegalArgumentException.class, "timeout must be positive, got PT0S",
                () -> pool(p -> p.submit(ONE, Duration.ZERO)));
        thr(timed, "timeout negative", IllegalArgumentException.class, "timeout must be positive, got PT-1S",
                () -> pool(p -> p.submit(ONE, Duration.ofSeconds(-1))));
        thr(timed, "`Duration` too large for long nanoseconds", IllegalArgumentException.class,
                "timeout must be at most 365 days", () -> pool(p -> p.submit(ONE, HUGE)));
        thr(timed, "task null", NullPointerException.class, "the task is null", () -> pool(p -> p.submit((Callable<?>) null, HOUR)));

        thr("ProcessPoolExecutor.submit(Runnable)", "task null", NullPointerException.class, "the task is null",
                () -> pool(p -> p.submit((Runnable) null)));
        thr("ProcessPoolExecutor.submit(Runnable)", "not serializable (a plain lambda)", IllegalArgumentException.class,
                "is not Serializable", () -> pool(p -> p.submit(NOOP)));
        thr("ProcessPoolExecutor.submit(Runnable)", "after shutdown()", RejectedExecutionException.class, REJECTED, () -> {
            try (ProcessPoolExecutor p = shutDownPool()) {
                p.submit((Runnable & Serializable) () -> { });
            }
        });
        thr("ProcessPoolExecutor.submit(Runnable, T)", "task null", NullPointerException.class, "the task is null",
                () -> pool(p -> p.submit((Runnable) null, "x")));

        String execute = "ProcessPoolExecutor.execute(Runnable)";
        thr(execute, "command null", NullPointerException.class, "command is null", () -> pool(p -> p.execute(null)));
        thr(execute, "after shutdown(), serializable", RejectedExecutionException.class, REJECTED, () -> {
            try (ProcessPoolExecutor p = shutDownPool()) {
                p.execute((Runnable & Serializable) () -> { });
            }
        });
        thr(execute, "after shutdown(), not serializable (what runInExecutor passes)", RejectedExecutionException.class,
                REJECTED, () -> {
                    try (ProcessPoolExecutor p = shutDownPool()) {
                        p.execute(NOOP);
                    }
                });

        ok("ProcessPoolExecutor.close()", "closed already", "does nothing", () -> {
            ProcessPoolExecutor p = lazyPool();
            p.close();
            p.close();
            assertTrue(p.isTerminated());
        });
        thr("ProcessPoolExecutor.close()", "re-entry: called by a task of the same pool (a Runnable on its relay thread)",
                IllegalStateException.class, "it would wait for that task, that is for itself", () -> {
                    ProcessPoolExecutor p = lazyPool();
                    CompletableFuture<Throwable> seen = new CompletableFuture<>();
                    try {
                        p.execute(() -> { // not serializable: runs on the pool's relay thread in this JVM
                            try {
                                p.close();
                                seen.complete(null);
                            } catch (Throwable t) {
                                seen.complete(t);
                            }
                        });
                        Throwable t = seen.get(10, TimeUnit.SECONDS); // it used to wait for itself forever
                        if (t != null) throw t;
                    } finally {
                        p.shutdownNow();
                    }
                });

        String await = "ProcessPoolExecutor.awaitTermination(long, TimeUnit)";
        thr(await, "unit null", NullPointerException.class, "unit is null", () -> pool(p -> p.awaitTermination(1, null)));
        ok(await, "negative timeout, pool not terminated", "returns false at once, as the JDK's pools do",
                () -> pool(p -> assertFalse(p.awaitTermination(-1, TimeUnit.DAYS))));
        ok(await, "Long.MAX_VALUE days, pool terminated", "returns true at once (no overflow)", () -> {
            try (ProcessPoolExecutor p = shutDownPool()) {
                assertTrue(p.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS));
            }
        });
    }

    /** Runs {@code call} with a lazy pool and closes it. */
    private static void pool(ThrowingConsumer<ProcessPoolExecutor> call) throws Throwable {
        try (ProcessPoolExecutor p = lazyPool()) {
            call.accept(p);
        }
    }

    private void processBuilder() {
        String b = "ProcessPoolExecutor.Builder.";
        String workersRange = "workers must be between 1 and 1024, got ";
        thr(b + "workers(int)", "0", IllegalArgumentException.class, workersRange + "0",
                () -> ProcessPoolExecutor.builder().workers(0));
        thr(b + "workers(int)", "Integer.MAX_VALUE", IllegalArgumentException.class, workersRange + "2147483647",
                () -> ProcessPoolExecutor.builder().workers(Integer.MAX_VALUE));

        thr(b + "jvmArgs(List)", "args null", NullPointerException.class, "args is null",
                () -> ProcessPoolExecutor.builder().jvmArgs((List<String>) null));
        thr(b + "jvmArgs(List)", "a null element", NullPointerException.class, "a JVM argument is null",
                () -> ProcessPoolExecutor.builder().jvmArgs(Arrays.asList("-Xmx64m", null)));
        thr(b + "jvmArgs(String...)", "args null", NullPointerException.class, "args is null",
                () -> ProcessPoolExecutor.builder().jvmArgs((String[]) null));
        thr(b + "jvmArgs(String...)", "a null element", NullPointerException.class, "a JVM argument is null",
                () -> ProcessPoolExecutor.builder().jvmArgs("-Xmx64m", null));

        thr(b + "environment(Map)", "variables null", NullPointerException.class, "variables is null",
                () -> ProcessPoolExecutor.builder().environment(null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("X", null);
        thr(b + "environment(Map)", "a null value", NullPointerException.class, "the value of X is null",
                () -> ProcessPoolExecutor.builder().environment(nullValue));
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "x");
        thr(b + "environment(Map)", "a null name", NullPointerException.class, "a variable name is null",
                () -> ProcessPoolExecutor.builder().environment(nullName));

        thr(b + "workingDirectory(Path)", "dir null", NullPointerException.class, "dir is null",
                () -> ProcessPoolExecutor.builder().workingDirectory(null));
        thr(b + "workingDirectory(Path)", "a path that does not exist", IllegalArgumentException.class, "is not a directory",
                () -> ProcessPoolExecutor.builder().workingDirectory(Path.of("no-such-directory-" + System.nanoTime())));

        thr(b + "allowClasses(String)", "patterns null", NullPointerException.class, "patterns is null",
                () -> ProcessPoolExecutor.builder().allowClasses(null));
        thr(b + "allowClasses(String)", "not a filter pattern (`maxdepth=x`)", IllegalArgumentException.class,
                "Not a valid filter pattern: \"maxdepth=x\"", () -> ProcessPoolExecutor.builder().allowClasses("maxdepth=x"));

        thr(b + "name(String)", "name null", NullPointerException.class, "name is null",
                () -> ProcessPoolExecutor.builder().name(null));
        thr(b + "name(String)", "blank", IllegalArgumentException.class, "name is blank",
                () -> ProcessPoolExecutor.builder().name(" "));

        String timeout = b + "taskTimeout(Duration)";
        thr(timeout, "null", NullPointerException.class, "timeout is null", () -> ProcessPoolExecutor.builder().taskTimeout(null));
        thr(timeout, "zero", IllegalArgumentException.class, "timeout must be positive, got PT0S",
                () -> ProcessPoolExecutor.builder().taskTimeout(Duration.ZERO));
        thr(timeout, "negative", IllegalArgumentException.class, "timeout must be positive, got PT-1S",
                () -> ProcessPoolExecutor.builder().taskTimeout(Duration.ofSeconds(-1)));
        thr(timeout, "`Duration` too large for long nanoseconds", IllegalArgumentException.class,
                "timeout must be at most 365 days", () -> ProcessPoolExecutor.builder().taskTimeout(HUGE));
    }

    private void processExceptions() {
        String remote = "new RemoteTaskException(String, String)";
        thr(remote, "remoteClassName null", NullPointerException.class, "remoteClassName is null",
                () -> new RemoteTaskException(null, "m"));
        ok(remote, "message null", "the message is the class name alone", () ->
                assertEquals("com.example.Oops", new RemoteTaskException("com.example.Oops", null).getMessage()));

        String died = "new WorkerDiedException(String, long, int, String, List, List)";
        thr(died, "stderrTail null", NullPointerException.class, "stderrTail is null",
                () -> new WorkerDiedException("w", 1, 1, "t", null, List.of()));
        thr(died, "stdoutTail null", NullPointerException.class, "stdoutTail is null",
                () -> new WorkerDiedException("w", 1, 1, "t", List.of(), null));
        thr(died, "a null line", NullPointerException.class, "stderrTail has a null line",
                () -> new WorkerDiedException("w", 1, 1, "t", Arrays.asList("a", null), List.of()));
        ok(died, "workerName and task null, negative pid and exit code", "kept as given; the message shows them "
                + "(exit code -1 reads \"exit code unknown\")", () -> {
                    WorkerDiedException e = new WorkerDiedException(null, -5, -1, null, List.of(), List.of());
                    assertNull(e.workerName());
                    assertEquals(-5, e.pid());
                    assertTrue(e.getMessage().startsWith("Worker null (pid -5) died (exit code unknown) while running null"),
                            e.getMessage());
                });
    }

    // ------------------------------------------------------------------ io.loopfx.core.spi

    private void spi() {
        npe("NestingGuard.anyFrameAboveTaskCode(Predicate)", "frame null", "frame",
                () -> NestingGuard.anyFrameAboveTaskCode(null));
    }

    // ------------------------------------------------------------------ the JVM option

    private static final String NO_FLAG = "JVM started without --add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String NEEDS_FLAG = "loopfx needs the JVM option --add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    /**
     * Every way to make a loop, in a JVM without the option: one child JVM (started by the first of these rows,
     * shared with the others and with CoroutineFlagTest) tries them all; each row rethrows what its attempt got.
     */
    private void missingFlag() {
        thr("EventLoop.create()", NO_FLAG, IllegalStateException.class, NEEDS_FLAG, () -> NoFlagChild.rethrow("create"));
        note("from a child JVM; on the module path the message names `=io.loopfx.core` first");
        thr("EventLoop.withVirtualClock()", NO_FLAG, IllegalStateException.class, NEEDS_FLAG,
                () -> NoFlagChild.rethrow("withVirtualClock"));
        note("from a child JVM");
        thr("EventLoop.run(Coroutine)", NO_FLAG, IllegalStateException.class, NEEDS_FLAG, () -> NoFlagChild.rethrow("run"));
        note("from a child JVM");
        thr("new HostedEventLoop(Host)", NO_FLAG, IllegalStateException.class, NEEDS_FLAG, () -> NoFlagChild.rethrow("hosted"));
        note("from a child JVM");
    }

    // ------------------------------------------------------------------ methods without bad input

    /** Reason -> methods that have no bad input for that reason; the table lists them under the rows. */
    static Map<String, List<String>> exempt() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("no argument; any thread, any state (a closed loop too)", List.of(
                "EventLoop.time()", "EventLoop.isRunning()",
                "EventLoop.isClosed()", "EventLoop.isShutDown()", "EventLoop.shutdownGrace()", "EventLoop.isDebug()", "EventLoop.allTasks()", "EventLoop.stats()",
                "LoopFuture.loop()", "LoopFuture.isDone()", "LoopFuture.isCancelled()",
                "Task.cancelling()", "Task.name()", "Task.waitingOn()", "Async.currentTaskOrNull()",
                "Timeout.deadline()", "Timeout.expired()", "TaskGroupException.failures()",
                "ErrorContext.describe()", "ErrorContext.task()", "Outcome.isSuccess()", "Outcome.Failure.isCancelled()",
                "WaitMode.values()", "TaskStart.values()", "Handle.isCancelled()", "TimerHandle.when()",
                "EventLoop.dumpTasks()"));
        m.put("a JMX view of one loop, called through the MBean server: no argument, any thread", List.of(
                "EventLoopMXBean.dumpTasks()", "EventLoopMXBean.getDescription()", "EventLoopMXBean.getIterations()",
                "EventLoopMXBean.getLiveTasks()", "EventLoopMXBean.getReadyCallbacks()", "EventLoopMXBean.getTimers()",
                "EventLoopMXBean.isDebug()", "EventLoopMXBean.isRunning()", "EventLoopMXBean.setDebug(boolean)"));
        m.put("an enum's own methods: the JDK's rules", List.of("TaskDump.State.valueOf(String)", "TaskDump.State.values()"));
        m.put("any value, any thread", List.of("EventLoop.setDebug(boolean)"));
        m.put("same as `LoopFuture.cancel(String)` with a null message, whose rows apply",
                List.of("LoopFuture.cancel()", "LoopFuture.cancel(boolean)"));
        m.put("idempotent and thread-safe: cancelling twice, after the callback ran, or from any thread does nothing more",
                List.of("Handle.cancel()"));
        m.put("implemented by the caller, called by loopfx", List.of("Coroutine.run()",
                "ExceptionHandler.handle(EventLoop, ErrorContext)", "TaskGroup.Body.run(TaskGroup)", "Timeout.Body.run(Timeout)",
                "ProcessCallable.compute()", "Host.attach(LoopDriver)", "Host.isLoopThread()", "Host.requestRun()",
                "Host.runUntil(BooleanSupplier, String)", "Host.wakeAt(long)", "LoopClock.nanoTime()", "LoopClock.skipTo(long)",
                "NestingGuard.calledByNestedLoop()", "NestingGuard.checkCanNest(String)", "NestingGuard.endIterationNow()"));
        m.put("implemented by loopfx, called by the `Host` it was given to, on the loop thread as the SPI says (not "
                + "checked: a host is trusted as the loop's own code); `runOnce` takes any budget, one that has passed "
                + "ends the iteration after at most 16 callbacks", List.of(
                "LoopDriver.clock()", "LoopDriver.isFinished()", "LoopDriver.runByHost()", "LoopDriver.runOnce(long)"));
        m.put("no argument; any thread, any state (a shut-down or terminated pool too)", List.of(
                "ProcessPoolExecutor.builder()", "ProcessPoolExecutor.name()", "ProcessPoolExecutor.workerCount()",
                "ProcessPoolExecutor.isShutdown()", "ProcessPoolExecutor.isTerminated()", "ProcessPoolExecutor.shutdown()",
                "ProcessPoolExecutor.shutdownNow()", "LoopClock.system()"));
        m.put("`prestart` takes either value; `build()` has no argument (each setter checked its own) and may be "
                + "called again for another pool", List.of(
                "ProcessPoolExecutor.Builder.build()", "ProcessPoolExecutor.Builder.prestart(boolean)"));
        m.put("protected in a final class: only `AbstractExecutorService`'s `invokeAll`/`invokeAny` call them, with the "
                + "task they were given, which then fails as `submit`'s rows say", List.of(
                "ProcessPoolExecutor.newTaskFor(Runnable, T)", "ProcessPoolExecutor.newTaskFor(Callable)"));
        m.put("a default method, no argument: on a pool's relay thread it sends `compute()` to a worker, anywhere else "
                + "it calls `compute()` here", List.of("ProcessCallable.call()"));
        m.put("an exception's accessor: no argument", List.of("RemoteTaskException.remoteClassName()",
                "WorkerDiedException.workerName()", "WorkerDiedException.pid()", "WorkerDiedException.exitCode()",
                "WorkerDiedException.stderrTail()", "WorkerDiedException.stdoutTail()"));
        m.put("a plain snapshot value, made by the loop; any numbers", List.of("new LoopStats(int, int, int, int, long)"));
        m.put("a snapshot record made by the loop's dump (lists copied)", List.of(
                "new TaskDump(String, Instant, Duration, boolean, List, List, List, List, List)",
                "new TaskDump.OpenRun(String, Duration, boolean, String)",
                "new TaskDump.TaskInfo(String, State, Duration, List, List, List, List, int)"));
        m.put("no argument, never waits; any code on the loop thread, any state", List.of(
                "new AsyncLock()", "AsyncLock.locked()", "new AsyncEvent()", "AsyncEvent.isSet()", "AsyncEvent.set()",
                "AsyncEvent.clear()", "new AsyncCondition()", "AsyncCondition.lock()", "AsyncCondition.locked()",
                "AsyncSemaphore.available()", "AsyncSemaphore.locked()", "AsyncQueue.fifo()", "AsyncQueue.maxSize()",
                "AsyncQueue.size()", "AsyncQueue.isEmpty()", "AsyncQueue.isFull()", "AsyncQueue.isShutDown()",
                "AsyncQueue.shutdown()", "AsyncQueue.shutdown(boolean)"));
        m.put("an exception's constructor: any message, null too, as the JDK's", List.of(
                "new QueueEmptyException(String)", "new QueueFullException(String)", "new QueueShutDownException(String)"));
        return m;
    }

    /** How the rest of the API is covered; {@link BadInputTest} checks each rule against the API list. */
    static List<String> rules() {
        return List.of(
                "`HostedEventLoop`'s methods that implement `EventLoop`'s are covered by `EventLoop`'s rows: every "
                        + "loop in loopfx is one (the JavaFX loop extends it), and all of them delegate to one core.",
                "`Task.cancel(String)` and `Task.toString()` behave as `LoopFuture`'s.",
                "`Outcome.Success`'s methods, and `Outcome.Failure.isSuccess()`, take no argument and throw nothing; "
                        + "`Outcome.getOrThrow()` is `Outcome.Failure.getOrThrow()`'s row.",
                "`equals`, `hashCode`, `toString` and the records' accessors take no bad input.");
    }
}
