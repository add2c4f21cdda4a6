package io.loopfx.test;

import io.loopfx.core.Async;
import io.loopfx.core.Coroutine;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import io.loopfx.core.TaskDump;
import io.loopfx.core.TimerHandle;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One test method run as a task of a loop, and the verdict on what it left behind: shared by the thread and the
 * FX flavour, which differ only in how the task is started and on which loop.
 */
final class TestRun {
    /** How long a real-time timeout waits for the cancelled test task to end before it gives up on it. */
    private static final long CANCEL_PATIENCE_SECONDS = 5;
    /** How many rounds of ready callbacks the test's end lets run before it looks for leftovers. */
    private static final int SETTLE_ROUNDS = 100;

    private final EventLoop loop;
    private final String name;
    private final Duration timeout;      // loop clock; null: none
    private final Duration realTimeout;
    private final List<ErrorContext> errors = new CopyOnWriteArrayList<>();
    private final Set<Task<?>> before = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> unretrievedBefore = new ArrayList<>();
    private volatile Task<?> task;
    private volatile String timedOut;      // why the test was cancelled by a timeout, or null
    private volatile TaskDump dumpAtTimeout;
    private volatile boolean stuck;        // the test's task did not end even after it was cancelled
    private final List<String> problems = new ArrayList<>();
    private String dumpAtEnd;

    TestRun(EventLoop loop, String name, String timeout, String realTimeout, String annotation) {
        this.loop = loop;
        this.name = name;
        this.timeout = timeout.isEmpty() ? null : parse(timeout, "timeout", annotation);
        this.realTimeout = parse(realTimeout, "realTimeout", annotation);
    }

    private static Duration parse(String text, String attribute, String annotation) {
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("@" + annotation + "(" + attribute + " = \"" + text + "\") is not an "
                    + "ISO-8601 duration; write e.g. \"PT30S\" (30 seconds), \"PT5M\" or \"PT1H\".", e);
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("@" + annotation + "(" + attribute + " = \"" + text + "\") must be "
                    + "positive" + (attribute.equals("timeout") ? "; leave it empty for no limit." : "."));
        }
        return d;
    }

    /**
     * Runs the test: {@code start} starts the given coroutine as a task of the loop (on the loop's thread) and
     * returns a future of its end. Waits for it in real time, then fails the test with what went wrong.
     */
    void run(Invocation<Void> invocation, Function<Coroutine<Void>, CompletableFuture<Void>> start) throws Throwable {
        CompletableFuture<Void> end = start.apply(() -> body(invocation));
        try {
            end.get(realTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            timedOut = "ran longer than its real-time limit of " + realTimeout;
            dumpAtTimeout = loop.dumpTasks();
            loop.callSoonThreadsafe(() -> {
                Task<?> t = task;
                if (t != null) t.cancel("the test " + timedOut);
            });
            try {
                end.get(CANCEL_PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException neverEnded) {
                stuck = true;
                throw new AssertionError("Test '" + name + "' " + timedOut + ", and did not end within "
                        + CANCEL_PATIENCE_SECONDS + " s of being cancelled (a callback or task step that never "
                        + "returns?). The loop at the timeout:\n" + dumpAtTimeout);
            } catch (ExecutionException ended) {
                throw ended.getCause();
            }
        }
    }

    /**
     * Returns true if the test's task did not end within a few seconds of its cancellation at the real-time
     * limit: the loop's thread is stuck in it (a callback or task step that never returns).
     *
     * @return whether the loop's thread is stuck in the test
     */
    boolean stuck() {
        return stuck;
    }

    /** The test's task: set up, run the method, let the loop settle, look for leftovers, clean up. */
    private Void body(Invocation<Void> invocation) throws Exception {
        Task<?> self = Async.currentTask();
        task = self;
        before.addAll(loop.allTasks());
        unretrievedBefore.addAll(loop.dumpTasks().unretrievedFailures());
        loop.setExceptionHandler((l, context) -> errors.add(context));
        TimerHandle limit = timeout == null ? null : loop.callLater(timeout, () -> {
            timedOut = "ran longer than its limit of " + timeout + " in the loop's clock";
            dumpAtTimeout = loop.dumpTasks();
            self.cancel("the test " + timedOut);
        });
        Throwable failure = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (limit != null) limit.cancel();
        }
        try {
            if (failure == null || !(failure instanceof CancellationException)) settle();
            collectLeftovers(self);
        } catch (CancellationException ce) {
            if (failure == null) failure = ce; // the timeout came while the loop settled
        } finally {
            loop.setExceptionHandler(null);
        }
        throwVerdict(failure);
        return null;
    }

    /** Lets callbacks that are ready now (and those they schedule) run, so that what ends by itself ends. */
    private void settle() {
        for (int i = 0; i < SETTLE_ROUNDS && loop.stats().readyCallbacks() > 0; i++) Async.yieldNow();
    }

    /** Names the tasks, failures and errors the test left, then cancels those tasks and waits for them. */
    private void collectLeftovers(Task<?> self) {
        List<Task<?>> leaked = new ArrayList<>();
        for (Task<?> t : loop.allTasks()) if (t != self && !before.contains(t)) leaked.add(t);
        List<String> unretrieved = new ArrayList<>(loop.dumpTasks().unretrievedFailures());
        unretrieved.removeAll(unretrievedBefore);
        if (!leaked.isEmpty() || !unretrieved.isEmpty()) dumpAtEnd = loop.dumpTasks().toString();
        if (!leaked.isEmpty()) {
            StringBuilder sb = new StringBuilder(leaked.size() + " task(s) still pending at the end of the test:");
            for (Task<?> t : leaked) sb.append(" '").append(t.name()).append("'");
            problems.add(sb.append(". Await or cancel every task a test starts (a TaskGroup does it for you); "
                    + "the extension has cancelled them now.").toString());
        }
        if (!unretrieved.isEmpty()) {
            problems.add(unretrieved.size() + " failure(s) nobody retrieved: " + String.join("; ", unretrieved)
                    + ". Await the future or task, or call exception() on it.");
        }
        for (Task<?> t : leaked) t.cancel("cancelled by the loopfx test extension: the test left it pending");
        for (Task<?> t : leaked) {
            try {
                Async.await(t);
            } catch (Exception | AssertionError ignored) {
                // cancelled, as asked; a failure in its finally block is not the test's verdict
            }
        }
        if (!errors.isEmpty()) {
            StringBuilder sb = new StringBuilder(errors.size() + " error(s) reached the loop's exception handler:");
            for (ErrorContext c : errors) sb.append("\n  ").append(c.describe());
            problems.add(sb.toString());
        }
    }

    /** What the test's task ends with: the body's failure, with the leftovers as suppressed errors, or them alone. */
    private void throwVerdict(Throwable failure) {
        String why = timedOut;
        if (why != null && failure instanceof CancellationException) {
            failure = new AssertionError("Test '" + name + "' " + why + "; its task was cancelled. The loop then:\n"
                    + dumpAtTimeout, failure);
        }
        AssertionError leftovers = problems.isEmpty() ? null : new AssertionError("Test '" + name + "' left work "
                + "behind:\n- " + String.join("\n- ", problems) + (dumpAtEnd != null ? "\nThe loop at the end of the "
                + "test:\n" + dumpAtEnd : ""));
        if (leftovers != null) for (ErrorContext c : errors) if (c.exception() != null) leftovers.addSuppressed(c.exception());
        if (failure == null) {
            if (leftovers == null) return;
            failure = leftovers;
        } else if (leftovers != null) {
            failure.addSuppressed(leftovers);
        }
        throw TestRun.<RuntimeException>sneaky(failure);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
