package io.loopfx.harness;

import javafx.application.Platform;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Runs scenarios and sorts what happened into a {@link ScenarioOutcome}. A watchdog tells a hang from a result:
 * without an outcome, and without progress (an event logged) for the watchdog's time, it asks the FX thread and then
 * the loop to run a probe; whoever does not answer is dead, and if both answer the scenario hung.
 *
 * <p>{@link #runInProcess} runs a scenario on the JavaFX toolkit that already runs in this JVM (what a demo
 * application does); a naive-bridge scenario may leave that toolkit unusable
 * ({@link ScenarioResult#toolkitReusable()}). {@link #runInChildJvm} runs it in a new JVM with a toolkit of
 * its own, which is how the command-line runner and the tests run the catalogue.
 *
 * <p>While a scenario runs, an exception that reaches an uncaught-exception handler (the FX thread's or any other
 * thread's) or a report that reaches the loop's default exception handler (a SEVERE record of an "io.loopfx" logger)
 * is recorded in the result ({@link ScenarioResult#strayErrors()}); for loopfx the harness counts it as a failure.
 * One scenario runs at a time in a JVM: what happens while it runs is charged to it.
 */
public final class ScenarioRunner {
    /**
     * How long a scenario may go without an outcome and without logging an event before the watchdog calls it hung;
     * every scenario needs a few ms.
     */
    public static final Duration DEFAULT_WATCHDOG = Duration.ofSeconds(5);
    private static final long PROBE_MILLIS = 1000;
    /** How many watchdog times a scenario that keeps making progress may take in all before it counts as hung. */
    static final int MAX_WATCHDOGS = 3;

    /** The scenario that runs in this JVM now, which stray errors are charged to; null between scenarios. */
    static volatile ScenarioContext current;
    private static final Thread.UncaughtExceptionHandler DEFAULT_RECORDER = ScenarioRunner::uncaughtByDefault;
    private static final Thread.UncaughtExceptionHandler FX_RECORDER = ScenarioRunner::uncaughtOnFx;
    /** The handlers the recorders replaced, told after them (null: none, the JVM would have printed it). */
    private static volatile Thread.UncaughtExceptionHandler previousDefault;
    private static volatile Thread.UncaughtExceptionHandler previousFx;
    private static final Set<Throwable> SEEN = Collections.newSetFromMap(new WeakHashMap<>()); // guarded by itself
    private static final ThreadLocal<Boolean> IN_RECORDER = new ThreadLocal<>();
    private static Logger loopfxLogger; // strong reference: JUL may collect a logger, and the handler with it

    private ScenarioRunner() {
    }

    /**
     * Runs {@code scenario} against {@code bridge} on the JavaFX toolkit of this JVM, which must be running.
     * The scenario's windows are closed and its pending tasks cancelled afterwards.
     *
     * @param scenario a scenario that does not need its own toolkit
     * @param bridge   the bridge
     * @param watchdog how long to wait for an outcome before calling the run hung
     * @return the result, completed on a harness thread once the watchdog has judged the run
     * @throws IllegalArgumentException if the scenario needs its own toolkit (use {@link #runInChildJvm})
     */
    public static CompletableFuture<ScenarioResult> runInProcess(Scenario scenario, Bridge bridge, Duration watchdog) {
        if (scenario.needsOwnToolkit()) {
            throw new IllegalArgumentException("Scenario " + scenario.id() + " starts and exits a toolkit of its own; "
                    + "run it with ScenarioRunner.runInChildJvm.");
        }
        installStrayErrorRecorders();
        return onHarnessThread("harness-" + scenario.id(), () -> runShared(scenario, bridge, watchdog));
    }

    /**
     * Runs {@code scenario} against {@code bridge} in a new JVM (same Java, class or module path and JavaFX
     * platform properties as this one), whatever it needs.
     *
     * @param scenario the scenario
     * @param bridge   the bridge
     * @param watchdog how long to wait for an outcome before calling the run hung
     * @return the result, completed on a harness thread
     */
    public static CompletableFuture<ScenarioResult> runInChildJvm(Scenario scenario, Bridge bridge, Duration watchdog) {
        return onHarnessThread("harness-child-" + scenario.id(),
                () -> ChildJvm.run(List.of(scenario), bridge, watchdog, r -> { }).getFirst());
    }

    /**
     * Runs {@code scenarios} in order against {@code bridge} in child JVMs: those that share a toolkit one after
     * another in one JVM (a new one after a run that left the toolkit unusable), each scenario that needs its
     * own toolkit in a JVM of its own. Blocks until all have run.
     *
     * @param scenarios the scenarios; one may appear several times (repeated runs)
     * @param bridge    the bridge
     * @param watchdog  how long each may take before it counts as hung
     * @param progress  told of each result as it arrives
     * @return the results, in the order of {@code scenarios}
     */
    public static List<ScenarioResult> runInChildJvms(List<Scenario> scenarios, Bridge bridge, Duration watchdog,
                                                      Consumer<ScenarioResult> progress) {
        return ChildJvm.run(scenarios, bridge, watchdog, progress);
    }

    private interface Job {
        ScenarioResult run() throws Exception;
    }

    private static CompletableFuture<ScenarioResult> onHarnessThread(String name, Job job) {
        CompletableFuture<ScenarioResult> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                out.complete(job.run());
            } catch (Throwable e) {
                out.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return out;
    }

    // ------------------------------------------------------------------ stray errors

    /**
     * Makes the recorders of stray errors the JVM's default uncaught-exception handler (again, if something replaced
     * them; the one they replace is told after them) and, once, a handler of the "io.loopfx" loggers. The FX thread's
     * own handler is set when a scenario starts on it ({@link #recordOnThisFxThread}). Any thread.
     */
    static synchronized void installStrayErrorRecorders() {
        if (loopfxLogger == null) {
            try { // TestFX's WaitForAsyncUtils sets a default handler of its own when it is loaded: let it come first
                Class.forName("org.testfx.util.WaitForAsyncUtils", true, ScenarioRunner.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError noTestFx) {
                // nothing to come first
            }
            loopfxLogger = Logger.getLogger("io.loopfx");
            loopfxLogger.addHandler(new Handler() {
                private final SimpleFormatter formatter = new SimpleFormatter();

                @Override
                public void publish(LogRecord r) {
                    if (r.getLevel().intValue() < Level.SEVERE.intValue()) return;
                    ScenarioContext c = current;
                    if (c != null) c.stray(formatter.formatMessage(r) + (r.getThrown() == null ? "" : " | " + r.getThrown()));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }
        Thread.UncaughtExceptionHandler now = Thread.getDefaultUncaughtExceptionHandler();
        if (now != DEFAULT_RECORDER) {
            previousDefault = now;
            Thread.setDefaultUncaughtExceptionHandler(DEFAULT_RECORDER);
        }
    }

    /** FX thread: makes the recorder this thread's own uncaught-exception handler (JavaFX reports to that one). */
    private static void recordOnThisFxThread() {
        Thread fx = Thread.currentThread();
        Thread.UncaughtExceptionHandler now = fx.getUncaughtExceptionHandler();
        if (now == FX_RECORDER) return;
        previousFx = now instanceof ThreadGroup ? null : now; // a thread group: none of its own
        fx.setUncaughtExceptionHandler(FX_RECORDER);
    }

    private static void uncaughtByDefault(Thread t, Throwable e) {
        if (IN_RECORDER.get() != null) return; // a handler we told told us back
        IN_RECORDER.set(Boolean.TRUE);
        try {
            record(t, e);
            Thread.UncaughtExceptionHandler next = previousDefault;
            if (next != null) next.uncaughtException(t, e);
        } finally {
            IN_RECORDER.remove();
        }
    }

    private static void uncaughtOnFx(Thread t, Throwable e) {
        if (IN_RECORDER.get() != null) return;
        IN_RECORDER.set(Boolean.TRUE);
        try {
            record(t, e);
            Thread.UncaughtExceptionHandler next = previousFx;
            if (next == null) next = Thread.getDefaultUncaughtExceptionHandler(); // what a thread group would do
            if (next == DEFAULT_RECORDER) next = previousDefault;
            if (next != null) next.uncaughtException(t, e);
        } finally {
            IN_RECORDER.remove();
        }
    }

    /** Charges an uncaught exception to the running scenario and prints it, once (handlers may tell each other). */
    private static void record(Thread t, Throwable e) {
        synchronized (SEEN) {
            if (!SEEN.add(e)) return;
        }
        ScenarioContext c = current;
        if (c != null) c.stray("uncaught in " + t.getName() + ": " + e);
        System.err.print("harness: " + (c == null ? "outside any scenario, " : "") + "exception in thread \""
                + t.getName() + "\" ");
        e.printStackTrace();
    }

    // ------------------------------------------------------------------ running

    /** Runs a scenario on the running toolkit, on this (non-FX) thread. */
    static ScenarioResult runShared(Scenario scenario, Bridge bridge, Duration watchdog) throws InterruptedException {
        ScenarioContext ctx = new ScenarioContext(null, bridge);
        current = ctx;
        long start = System.nanoTime();
        Platform.runLater(() -> {
            try {
                recordOnThisFxThread();
                ctx.fxThread = Thread.currentThread();
                ctx.loop = bridge.newLoop();
                scenario.script().start(ctx);
            } catch (Throwable t) {
                ctx.fail(t);
            }
        });
        try {
            return judge(scenario, ctx, scenarioStart(ctx, start), watchdog, true);
        } finally {
            if (current == ctx) current = null;
        }
    }

    /** How long a scenario may wait for its toolkit (or for the FX thread) before the watchdog starts anyway. */
    private static final long STARTUP_SECONDS = 30;

    /**
     * When the scenario itself began: once it has its loop, which it makes as soon as the FX thread runs its
     * script. The watchdog times the scenario, not what comes before it on a loaded machine: a toolkit's start-up,
     * or an FX thread still busy with the scenario before (a second or more: the ten-run check of .ci/run saw a
     * naive run called hung whose outcome came 5.5 s after it was posted, 3.2 s after it began).
     */
    private static long scenarioStart(ScenarioContext ctx, long posted) throws InterruptedException {
        long startUpLimit = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
        while (ctx.loop == null && !ctx.outcome.isDone() && System.nanoTime() - startUpLimit < 0) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return ctx.loop != null ? System.nanoTime() : posted;
    }

    /** Runs a scenario that starts and exits the toolkit itself; this JVM must not have started one. */
    static ScenarioResult runOwnToolkit(Scenario scenario, Bridge bridge, Duration watchdog) throws InterruptedException {
        ScenarioContext ctx = new ScenarioContext(null, bridge);
        current = ctx;
        long start = System.nanoTime();
        try {
            scenario.script().start(ctx);
        } catch (Throwable t) {
            ctx.fail(t);
        }
        try {
            return judge(scenario, ctx, scenarioStart(ctx, start), watchdog, false);
        } finally {
            if (current == ctx) current = null;
        }
    }

    private static ScenarioResult judge(Scenario scenario, ScenarioContext ctx, long start, Duration watchdog,
                                        boolean shared) throws InterruptedException {
        Object value = null;
        Throwable error = null;
        boolean timedOut = false;
        boolean capped = false;
        // A hang is a scenario that makes no progress: it gets the watchdog's time from its start, and again from its
        // last event while it still logs events (a slow machine slows a naive bridge's timers to seconds), up to
        // MAX_WATCHDOGS times the watchdog in all.
        long budget = watchdog.toNanos();
        long cap = start + MAX_WATCHDOGS * budget;
        long deadline = start + budget;
        while (true) {
            try {
                value = ctx.outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (ExecutionException e) {
                error = e.getCause();
                break;
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long quietUntil = Math.max(start, ctx.lastEvent()) + budget;
                if (quietUntil - now <= 0 || now - cap >= 0) {
                    timedOut = true;
                    capped = quietUntil - now > 0;
                    break;
                }
                deadline = quietUntil - cap < 0 ? quietUntil : cap;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        ScenarioOutcome outcome;
        String message;
        boolean reusable = false;
        if (timedOut) {
            boolean fxRuns = probe(Platform::runLater);
            boolean loopRuns = fxRuns && ctx.loop != null && probe(r -> ctx.loop.callSoonThreadsafe(r));
            String none = capped ? "no outcome within " + MAX_WATCHDOGS * watchdog.toMillis() + " ms, though it still "
                    + "logged events" : "no outcome, and no progress for " + watchdog.toMillis() + " ms";
            if (!fxRuns) {
                outcome = ScenarioOutcome.LOOP_DEAD;
                message = none + ", and the FX thread no longer runs (blocked or deadlocked)";
            } else if (!loopRuns) {
                outcome = ScenarioOutcome.LOOP_DEAD;
                message = none + ", and the event loop no longer runs callbacks";
            } else {
                outcome = ScenarioOutcome.HUNG;
                message = none + "; the FX thread and the loop still run";
            }
            ctx.log("watchdog: " + message);
            if (shared && fxRuns) reusable = recover(ctx);
        } else {
            if (shared) reusable = cleanUp(ctx);
            List<String> lost = ctx.tasksWithoutFinally();
            String got = error != null ? ScenarioContext.describe(error) : String.valueOf(value);
            Expectation expected = scenario.expected();
            if (!lost.isEmpty()) {
                outcome = ScenarioOutcome.TASK_LOST;
                message = lost.size() + " task(s) never ran their finally block (" + abbreviate(lost) + "); the "
                        + "scenario's own outcome: " + got;
            } else if (error == null) {
                outcome = expected.outcome() == ScenarioOutcome.COMPLETED
                        && expected.value().equals(String.valueOf(value))
                        ? ScenarioOutcome.COMPLETED : ScenarioOutcome.WRONG_RESULT;
                message = got;
            } else {
                outcome = expected.outcome() == ScenarioOutcome.CLEAR_ERROR && expected.named(error.getMessage())
                        ? ScenarioOutcome.CLEAR_ERROR : ScenarioOutcome.UNCLEAR_ERROR;
                message = got;
            }
        }
        return new ScenarioResult(scenario.id(), ctx.bridge, outcome, message, ctx.timings(), ctx.events(), took, reusable,
                List.copyOf(ctx.strayErrors));
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + ", ...";
    }

    /** Returns true if {@code post} runs a probe within the probe time (false also if it throws). */
    private static boolean probe(Consumer<Runnable> post) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        try {
            post.accept(ran::countDown);
        } catch (RuntimeException notRunning) {
            return false;
        }
        return ran.await(PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** After an outcome: cancels the scenario's pending tasks, closes its windows, waits for finally blocks. */
    private static boolean cleanUp(ScenarioContext ctx) throws InterruptedException {
        if (!onFx(() -> {
            ctx.cancelPendingTasks();
            ctx.closeWindows();
        })) return false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
        while (!ctx.tasksWithoutFinally().isEmpty() && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(2);
        return toolkitIsClean();
    }

    /** After a hang: leaves the naive loop's nested loops, then cleans up as after an outcome. */
    private static boolean recover(ScenarioContext ctx) throws InterruptedException {
        if (!onFx(() -> {
            NaiveFxLoop naive = NaiveFxLoop.of(ctx.loop);
            if (naive != null) naive.leaveAllNestedLoops();
        })) return false;
        return cleanUp(ctx);
    }

    /** True once no nested event loop is open any more (polled: loops that were asked to leave unwind first). */
    private static boolean toolkitIsClean() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
        do {
            boolean[] nested = {true};
            if (!onFx(() -> nested[0] = Platform.isNestedLoopRunning())) return false;
            if (!nested[0]) return true;
            TimeUnit.MILLISECONDS.sleep(5);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean onFx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        try {
            Platform.runLater(() -> {
                try {
                    r.run();
                } finally {
                    done.countDown();
                }
            });
        } catch (IllegalStateException toolkitGone) {
            return false;
        }
        return done.await(PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
