package io.loopfx.fx.harness;

import javafx.application.Platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs scenarios and sorts what happened into an {@link Outcome}. A watchdog tells a hang from a result:
 * without an outcome in time, it asks the FX thread and then the loop to run a probe; whoever does not answer
 * is dead, and if both answer the scenario hung.
 *
 * <p>{@link #runInProcess} runs a scenario on the JavaFX toolkit that already runs in this JVM (what a demo
 * application does); a naive-bridge scenario may leave that toolkit unusable
 * ({@link ScenarioResult#toolkitReusable()}). {@link #runInChildJvm} runs it in a new JVM with a toolkit of
 * its own, which is how the command-line runner and the tests run the catalogue.
 */
public final class ScenarioRunner {
    /** How long a scenario may take before the watchdog calls it hung; every scenario needs a few ms. */
    public static final Duration DEFAULT_WATCHDOG = Duration.ofSeconds(5);
    private static final long PROBE_MILLIS = 1000;

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

    /** Runs a scenario on the running toolkit, on this (non-FX) thread. */
    static ScenarioResult runShared(Scenario scenario, Bridge bridge, Duration watchdog) throws InterruptedException {
        ScenarioContext ctx = new ScenarioContext(null, bridge);
        long start = System.nanoTime();
        Platform.runLater(() -> {
            try {
                ctx.fxThread = Thread.currentThread();
                ctx.loop = bridge.newLoop();
                scenario.script().start(ctx);
            } catch (Throwable t) {
                ctx.fail(t);
            }
        });
        return judge(scenario, ctx, start, watchdog, true);
    }

    /** Runs a scenario that starts and exits the toolkit itself; this JVM must not have started one. */
    static ScenarioResult runOwnToolkit(Scenario scenario, Bridge bridge, Duration watchdog) throws InterruptedException {
        ScenarioContext ctx = new ScenarioContext(null, bridge);
        long start = System.nanoTime();
        try {
            scenario.script().start(ctx);
        } catch (Throwable t) {
            ctx.fail(t);
        }
        return judge(scenario, ctx, start, watchdog, false);
    }

    private static ScenarioResult judge(Scenario scenario, ScenarioContext ctx, long start, Duration watchdog,
                                        boolean shared) throws InterruptedException {
        Object value = null;
        Throwable error = null;
        boolean timedOut = false;
        try {
            value = ctx.outcome.get(watchdog.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            error = e.getCause();
        } catch (TimeoutException e) {
            timedOut = true;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Outcome outcome;
        String message;
        boolean reusable = false;
        if (timedOut) {
            boolean fxRuns = probe(Platform::runLater);
            boolean loopRuns = fxRuns && ctx.loop != null && probe(r -> ctx.loop.callSoonThreadsafe(r));
            if (!fxRuns) {
                outcome = Outcome.LOOP_DEAD;
                message = "no outcome within " + watchdog.toMillis() + " ms, and the FX thread no longer runs "
                        + "(blocked or deadlocked)";
            } else if (!loopRuns) {
                outcome = Outcome.LOOP_DEAD;
                message = "no outcome within " + watchdog.toMillis() + " ms, and the event loop no longer runs callbacks";
            } else {
                outcome = Outcome.HUNG;
                message = "no outcome within " + watchdog.toMillis() + " ms; the FX thread and the loop still run";
            }
            ctx.log("watchdog: " + message);
            if (shared && fxRuns) reusable = recover(ctx);
        } else {
            if (shared) reusable = cleanUp(ctx);
            List<String> lost = ctx.tasksWithoutFinally();
            String got = error != null ? ScenarioContext.describe(error) : String.valueOf(value);
            Expectation expected = scenario.expected();
            if (!lost.isEmpty()) {
                outcome = Outcome.TASK_LOST;
                message = lost.size() + " task(s) never ran their finally block (" + abbreviate(lost) + "); the "
                        + "scenario's own outcome: " + got;
            } else if (error == null) {
                outcome = expected.outcome() == Outcome.COMPLETED && expected.value().equals(String.valueOf(value))
                        ? Outcome.COMPLETED : Outcome.WRONG_RESULT;
                message = got;
            } else {
                outcome = expected.outcome() == Outcome.CLEAR_ERROR && expected.named(error.getMessage())
                        ? Outcome.CLEAR_ERROR : Outcome.UNCLEAR_ERROR;
                message = got;
            }
        }
        return new ScenarioResult(scenario.id(), ctx.bridge, outcome, message, ctx.timings(), ctx.events(), took, reusable);
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
            if (ctx.loop instanceof NaiveFxLoop naive) naive.leaveAllNestedLoops();
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
