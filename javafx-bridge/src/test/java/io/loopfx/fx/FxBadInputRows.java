package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import io.loopfx.core.reliability.BadInputTable;
import io.loopfx.core.reliability.BadInputTable.Call;
import io.loopfx.core.reliability.BadInputTable.Row;
import javafx.concurrent.Worker;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.loopfx.fx.FxTestSupport.onFxAsync;
import static io.loopfx.fx.FxTestSupport.waitUntilFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rows of the JavaFX bridge's bad-input table: for each public method of {@code io.loopfx.fx}, its bad inputs
 * (null, zero, negative, huge, the wrong thread, a worker started twice, a dialog already showing, a task of another
 * loop), each with the call that shows what happens. The toolkit runs in this JVM (TestFX starts it); the states this
 * JVM cannot be in (the toolkit not started, exited, the JVM option missing) are {@link FxBadInputScenario}'s, in one
 * child JVM per state, started by the first row that needs it.
 */
final class FxBadInputRows extends BadInputTable.Rows {
    /** Seconds so large that converting them to nanoseconds overflows a long. */
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final String OFF_FX = "from another thread";
    private static final String NOT_STARTED = "toolkit not started (child JVM)";
    private static final String EXITED = "toolkit exited, after `Platform.exit()` (child JVM)";
    private static final String NO_FLAG = "JVM without `--add-exports java.base/jdk.internal.vm=ALL-UNNAMED`, on the FX thread (child JVM)";
    private static final String FLAG_MESSAGE = "loopfx needs the JVM option --add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String NOT_RUNNING = "The JavaFX toolkit is not running yet, so there is no FX event loop. Start it first";
    private static final String HAS_EXITED = "The JavaFX toolkit has exited (Platform.exit() was called or the last window closed)";

    private FxBadInputRows() {
    }

    /** All rows, in table order. */
    static List<Row> all() {
        FxBadInputRows b = new FxBadInputRows();
        b.fxEventLoop();
        b.fxLoopAsEventLoop();
        b.fxAsync();
        b.fxTaskStateFactories();
        b.fxTaskStateWorker();
        b.nestedLoopHoldUp();
        b.toolkitNotStarted();
        b.toolkitExited();
        b.noJvmOption();
        return b.rows();
    }

    // ------------------------------------------------------------------ FxEventLoop

    private void fxEventLoop() {
        ok("FxEventLoop.get()", OFF_FX, "returns the FX loop, the one `get()` returns on the FX thread",
                () -> assertSame(FxEventLoop.get(), fx(FxEventLoop::get)));

        String budget = "FxEventLoop.setSliceBudget(Duration)";
        npe(budget, "null", "budget", () -> FxEventLoop.get().setSliceBudget(null));
        thr(budget, "zero", IllegalArgumentException.class, "The slice budget must be positive: PT0S",
                () -> FxEventLoop.get().setSliceBudget(Duration.ZERO));
        thr(budget, "negative", IllegalArgumentException.class, "The slice budget must be positive: PT-0.001S",
                () -> FxEventLoop.get().setSliceBudget(Duration.ofMillis(-1)));
        ok(budget, "`Duration` too large for long nanoseconds", "clamped: no budget, a slice runs every callback "
                + "that was ready when it began", () -> withBudget(HUGE,
                loop -> assertEquals(Duration.ofNanos(Long.MAX_VALUE), loop.sliceBudget())));
        ok(budget, "huge but representable (a day)", "as asked: a slice runs every callback that was ready when it "
                + "began (the budget is checked between callbacks)", () -> withBudget(Duration.ofDays(1),
                loop -> assertEquals(Duration.ofDays(1), loop.sliceBudget())));
        ok(budget, OFF_FX, "any thread: the next slice uses it", () -> withBudget(Duration.ofMillis(7),
                loop -> assertEquals(Duration.ofMillis(7), fx(loop::sliceBudget))));

        String listener = "FxEventLoop.setHoldUpListener(Consumer)";
        ok(listener, "null", "no listener", () -> fx(() -> {
            FxEventLoop.get().setHoldUpListener(null);
            return null;
        }));
        thr(listener, OFF_FX, IllegalStateException.class,
                "setHoldUpListener() was called from thread '", () -> FxEventLoop.get().setHoldUpListener(h -> { }));
        thr("FxEventLoop.nestingDepth()", OFF_FX, IllegalStateException.class,
                "nestingDepth() was called from thread '", () -> FxEventLoop.get().nestingDepth());
        thr("FxEventLoop.openCalls()", OFF_FX, IllegalStateException.class,
                "openCalls() was called from thread '", () -> FxEventLoop.get().openCalls());
    }

    /** The bad inputs the FX loop adds to {@code EventLoop} methods (loop-core's table has the rest). */
    private void fxLoopAsEventLoop() {
        String pulse = "on the FX thread, during a pulse (in an `AnimationTimer`)";
        thr("FxEventLoop.runUntilComplete(LoopFuture)", pulse, IllegalStateException.class, PULSE,
                () -> duringPulse(() -> FxEventLoop.get().runUntilComplete(FxEventLoop.get().createFuture())));
        note("JavaFX cannot start a nested event loop during a pulse; the message says to start a task instead");
        thr("FxEventLoop.runUntilComplete(Coroutine)", pulse, IllegalStateException.class, PULSE,
                () -> duringPulse(() -> FxEventLoop.get().runUntilComplete(() -> null)));
        thr("FxEventLoop.runForever()", pulse, IllegalStateException.class, PULSE, () -> duringPulse(() -> {
            FxEventLoop.get().runForever();
            return null;
        }));
        thr("FxEventLoop.runUntilComplete(LoopFuture)", "on the FX thread, inside `MAX_NESTED_CALLS` (100) open calls",
                IllegalStateException.class, "() would open more than 100 nested calls of the FX event loop (open: 100",
                () -> {
                    Throwable t = FxTestSupport.callBeyondTheNestingCap(FxEventLoop.get());
                    if (t != null) throw t;
                });
        thr("FxEventLoop.close()", "while the toolkit runs the loop", IllegalStateException.class, "shutdown()",
                () -> FxEventLoop.get().close());
        note("close() means the same on every loop: a running loop cannot be closed; `shutdown()` cancels the tasks");
    }

    private static final String PULSE = "() was called during animation or layout processing (a JavaFX pulse), where "
            + "JavaFX forbids nested event loops. Start a task";

    /** Calls {@code call} during a pulse, and throws what it threw. */
    private static void duringPulse(Callable<?> call) throws Throwable {
        Throwable t = FxTestSupport.callDuringAPulse(call);
        if (t != null) throw t;
    }

    /** Runs {@code check} with the FX loop's slice budget set to {@code budget}, then sets the old one back. */
    private static void withBudget(Duration budget, ThrowingConsumer<FxEventLoop> check) throws Throwable {
        FxEventLoop loop = FxEventLoop.get();
        Duration old = loop.sliceBudget();
        try {
            loop.setSliceBudget(budget);
            check.accept(loop);
        } finally {
            loop.setSliceBudget(old);
        }
    }

    // ------------------------------------------------------------------ FxAsync

    private void fxAsync() {
        npe("FxAsync.handler(EventCoroutine)", "null", "body", () -> FxAsync.handler(null));
        ok("FxAsync.handler(EventCoroutine)", OFF_FX, "any thread: it only makes the handler (its events come on "
                + "the FX thread)", () -> assertNotNull(FxAsync.handler(e -> { })));

        String stage = "FxAsync.showAsync(Stage)";
        npe(stage, "null", "stage", () -> fx(() -> FxAsync.showAsync((Stage) null)));
        thr(stage, OFF_FX, IllegalStateException.class,
                "showAsync() must be called on the JavaFX Application Thread (e.g. from a task of the FX loop), not from thread '",
                () -> FxAsync.showAsync(fx(FxBadInputRows::stage)));
        thr(stage, "a stage already showing", IllegalStateException.class,
                "The stage is already showing; showAsync shows it itself.", () -> fx(() -> {
                    Stage s = stage();
                    s.show();
                    try {
                        return FxAsync.showAsync(s);
                    } finally {
                        s.hide();
                    }
                }));

        String dialog = "FxAsync.showAsync(Dialog)";
        npe(dialog, "null", "dialog", () -> fx(() -> FxAsync.showAsync((Dialog<?>) null)));
        thr(dialog, OFF_FX, IllegalStateException.class,
                "showAsync() must be called on the JavaFX Application Thread (e.g. from a task of the FX loop), not from thread '",
                () -> FxAsync.showAsync(fx(FxBadInputRows::dialog)));
        thr(dialog, "a dialog already showing", IllegalStateException.class,
                "The dialog is already showing; showAsync shows it itself.", () -> fx(() -> {
                    Dialog<String> d = dialog();
                    d.show();
                    try {
                        return FxAsync.showAsync(d);
                    } finally {
                        d.close();
                    }
                }));
    }

    private static Stage stage() {
        Stage s = new Stage();
        s.setScene(new Scene(new Label("bad input"), 200, 100));
        return s;
    }

    private static Dialog<String> dialog() {
        Dialog<String> d = new Dialog<>();
        d.setTitle("bad input");
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        return d;
    }

    // ------------------------------------------------------------------ FxTaskState: making and starting workers

    private static String offFxWorker(String method) {
        return "FxTaskState." + method + "() must be called on the JavaFX Application Thread, not from thread '";
    }

    private void fxTaskStateFactories() {
        String create = "FxTaskState.create(String, ReportingCoroutine)";
        npe(create, "body null", "body", () -> fx(() -> FxTaskState.create("x", null)));
        ok(create, "name null", "a worker whose task gets the loop's default name", () -> fx(() -> {
            FxTaskState<String> s = FxTaskState.create(null, st -> "done");
            assertEquals(Worker.State.READY, s.getState());
            s.start();
            assertNotNull(s.task().name());
            return null;
        }));
        thr(create, OFF_FX, IllegalStateException.class, offFxWorker("create"), () -> FxTaskState.create("x", s -> null));

        String start = "FxTaskState.start(String, ReportingCoroutine)";
        npe(start, "body null", "body", () -> fx(() -> FxTaskState.start("x", null)));
        thr(start, OFF_FX, IllegalStateException.class, offFxWorker("start"), () -> FxTaskState.start("x", s -> null));

        String of = "FxTaskState.of(Task)";
        npe(of, "null", "task", () -> fx(() -> FxTaskState.of(null)));
        thr(of, "a task of another loop", IllegalArgumentException.class,
                "does not run on the FX event loop; FxTaskState shows FX tasks only.", () -> {
                    Task<?>[] other = new Task<?>[1];
                    try (EventLoop loop = EventLoop.create()) {
                        loop.runUntilComplete(() -> {
                            other[0] = Async.currentTaskOrNull();
                            return null;
                        });
                    }
                    fx(() -> FxTaskState.of(other[0]));
                });
        thr(of, OFF_FX, IllegalStateException.class, offFxWorker("of"), () -> {
            Task<String> t = fx(() -> FxEventLoop.get().createTask("of", () -> "done"));
            FxTaskState.of(t);
        });
        ok(of, "a task that is done already", "a worker that shows its outcome at once", () -> {
            Task<String> t = fx(() -> FxEventLoop.get().createTask("done", () -> "done"));
            waitUntilFx("the task is done", t::isDone);
            assertEquals(Worker.State.SUCCEEDED, fx(() -> FxTaskState.of(t).getState()));
        });
    }

    // ------------------------------------------------------------------ FxTaskState: the worker's methods

    private void fxTaskStateWorker() {
        String start = "FxTaskState.start()";
        thr(start, "twice", IllegalStateException.class, "cannot start: a worker starts once, from READY.", () -> fx(() -> {
            FxTaskState<String> s = FxTaskState.create("twice", st -> "done");
            s.start();
            s.start();
            return null;
        }));
        thr(start, "after cancel()", IllegalStateException.class, "cannot start: a worker starts once, from READY.", () -> fx(() -> {
            FxTaskState<String> s = FxTaskState.create("cancelled", st -> "done");
            s.cancel();
            s.start();
            return null;
        }));
        thr(start, OFF_FX, IllegalStateException.class, offFxWorker("start"), () -> ready().start());

        String cancel = "FxTaskState.cancel()";
        thr(cancel, OFF_FX, IllegalStateException.class, offFxWorker("cancel"), () -> ready().cancel());
        ok(cancel, "twice, or once done", "returns false; the state stays", () -> fx(() -> {
            FxTaskState<String> s = FxTaskState.create("twice", st -> "done");
            assertTrue(s.cancel());
            assertFalse(s.cancel());
            assertEquals(Worker.State.CANCELLED, s.getState());
            return null;
        }));

        for (String text : List.of("Message", "Title")) {
            String api = "FxTaskState.update" + text + "(String)";
            BiConsumer<FxTaskState<String>, String> update = text.equals("Message") ? FxTaskState::updateMessage : FxTaskState::updateTitle;
            Function<FxTaskState<String>, String> shown = text.equals("Message") ? FxTaskState::getMessage : FxTaskState::getTitle;
            ok(api, "null", "shows the empty string", () -> {
                FxTaskState<String> s = ready();
                fx(() -> {
                    update.accept(s, "something");
                    update.accept(s, null);
                    assertEquals("", shown.apply(s));
                    return null;
                });
            });
            ok(api, OFF_FX, "coalesced: the property changes on the FX thread, once per slice, to the latest value", () -> {
                FxTaskState<String> s = ready();
                update.accept(s, "first");
                update.accept(s, "latest");
                waitUntilFx("the " + text + " shows", () -> shown.apply(s).equals("latest"));
            });
            ok(api, "once the worker is done", "ignored", () -> {
                FxTaskState<String> s = done();
                fx(() -> {
                    update.accept(s, "late");
                    assertEquals("", shown.apply(s));
                    return null;
                });
            });
        }

        String progress = "FxTaskState.updateProgress(double, double)";
        ok(progress, "NaN, infinite or negative", "indeterminate: workDone, totalWork and progress -1", () -> {
            FxTaskState<String> s = ready();
            fx(() -> {
                for (double[] bad : new double[][]{{Double.NaN, 10}, {1, Double.POSITIVE_INFINITY}, {-5, 10}, {1, -1}}) {
                    s.updateProgress(5, 10);
                    s.updateProgress(bad[0], bad[1]);
                    assertEquals(-1, s.getProgress(), "progress of " + bad[0] + " of " + bad[1]);
                }
                return null;
            });
        });
        ok(progress, "0 of 0", "indeterminate (-1), where `javafx.concurrent.Task` shows NaN", () -> {
            FxTaskState<String> s = ready();
            fx(() -> {
                s.updateProgress(0, 0);
                assertEquals(-1, s.getProgress());
                return null;
            });
        });
        ok(progress, "more work done than the total", "clamped: workDone = totalWork, progress 1", () -> {
            FxTaskState<String> s = ready();
            fx(() -> {
                s.updateProgress(15, 10);
                assertEquals(10, s.getWorkDone());
                assertEquals(1, s.getProgress());
                return null;
            });
        });
        ok(progress, OFF_FX, "coalesced: the properties change on the FX thread, once per slice, to the latest value", () -> {
            FxTaskState<String> s = ready();
            s.updateProgress(1, 4);
            s.updateProgress(3, 4);
            waitUntilFx("the progress shows", () -> s.getProgress() == 0.75);
        });

        Map<String, Consumer<FxTaskState<String>>> fxOnly = new LinkedHashMap<>();
        fxOnly.put("getState", FxTaskState::getState);
        fxOnly.put("stateProperty", FxTaskState::stateProperty);
        fxOnly.put("getValue", FxTaskState::getValue);
        fxOnly.put("valueProperty", FxTaskState::valueProperty);
        fxOnly.put("getException", FxTaskState::getException);
        fxOnly.put("exceptionProperty", FxTaskState::exceptionProperty);
        fxOnly.put("getWorkDone", FxTaskState::getWorkDone);
        fxOnly.put("workDoneProperty", FxTaskState::workDoneProperty);
        fxOnly.put("getTotalWork", FxTaskState::getTotalWork);
        fxOnly.put("totalWorkProperty", FxTaskState::totalWorkProperty);
        fxOnly.put("getProgress", FxTaskState::getProgress);
        fxOnly.put("progressProperty", FxTaskState::progressProperty);
        fxOnly.put("isRunning", FxTaskState::isRunning);
        fxOnly.put("runningProperty", FxTaskState::runningProperty);
        fxOnly.put("getMessage", FxTaskState::getMessage);
        fxOnly.put("messageProperty", FxTaskState::messageProperty);
        fxOnly.put("getTitle", FxTaskState::getTitle);
        fxOnly.put("titleProperty", FxTaskState::titleProperty);
        fxOnly.forEach((method, call) -> thr("FxTaskState." + method + "()", OFF_FX, IllegalStateException.class,
                offFxWorker(method), () -> call.accept(ready())));
    }

    /** A READY worker, made on the FX thread. */
    private static FxTaskState<String> ready() throws Throwable {
        return fx(() -> FxTaskState.create("ready", st -> "done"));
    }

    /** A SUCCEEDED worker. */
    private static FxTaskState<String> done() throws Throwable {
        FxTaskState<String> s = fx(() -> FxTaskState.start("done", st -> "done"));
        waitUntilFx("the worker is done", () -> s.getState() == Worker.State.SUCCEEDED);
        return s;
    }

    // ------------------------------------------------------------------ NestedLoopHoldUp

    private void nestedLoopHoldUp() {
        String ctor = "new NestedLoopHoldUp(String, String, Duration)";
        npe(ctor, "frame null", "frame", () -> new NestedLoopHoldUp(null, "inner", Duration.ZERO));
        npe(ctor, "heldBy null", "heldBy", () -> new NestedLoopHoldUp("outer", null, Duration.ZERO));
        npe(ctor, "heldFor null", "heldFor", () -> new NestedLoopHoldUp("outer", "inner", null));
        thr(ctor, "heldFor negative", IllegalArgumentException.class, "heldFor must not be negative: PT-1S",
                () -> new NestedLoopHoldUp("outer", "inner", Duration.ofSeconds(-1)));
    }

    // ------------------------------------------------------------------ states of a child JVM

    private void toolkitNotStarted() {
        String s = "not-started";
        thr("FxEventLoop.get()", NOT_STARTED, IllegalStateException.class, NOT_RUNNING, child(s, "get"));
        thr("FxTaskState.create(String, ReportingCoroutine)", NOT_STARTED, IllegalStateException.class, NOT_RUNNING,
                child(s, "create"));
        thr("FxTaskState.start(String, ReportingCoroutine)", NOT_STARTED, IllegalStateException.class, NOT_RUNNING,
                child(s, "start"));
        ok("FxAsync.handler(EventCoroutine)", NOT_STARTED, "returns the handler (its events come once the toolkit runs)",
                child(s, "handler", "an EventHandler"));
        thr("FxAsync.showAsync(Stage)", NOT_STARTED, ExceptionInInitializerError.class,
                "This operation is permitted on the event thread only", child(s, "showAsyncStage"));
        note("JavaFX's, from `new Stage()`: no stage or dialog can be made before the toolkit runs, so showAsync is "
                + "never reached (the message is its cause's)");
    }

    private void toolkitExited() {
        String s = "exited";
        thr("FxEventLoop.get()", EXITED, IllegalStateException.class, HAS_EXITED, child(s, "get"));
        ok("FxEventLoop.setSliceBudget(Duration)", EXITED + ", on the loop got before", "kept, to no effect (no slice runs any more)",
                child(s, "setSliceBudget", "PT0.008S"));
        thr("FxTaskState.create(String, ReportingCoroutine)", EXITED, IllegalStateException.class, HAS_EXITED, child(s, "create"));
        thr("FxTaskState.start(String, ReportingCoroutine)", EXITED, IllegalStateException.class, HAS_EXITED, child(s, "start"));
        thr("FxTaskState.start()", EXITED + ", a READY worker", IllegalStateException.class, HAS_EXITED, child(s, "workerStart"));
        thr("FxTaskState.cancel()", EXITED + ", a READY worker", IllegalStateException.class, HAS_EXITED, child(s, "workerCancel"));
        thr("FxTaskState.getState()", EXITED + ", a READY worker", IllegalStateException.class, HAS_EXITED,
                child(s, "workerGetState"));
        note("so every FX-thread method of a worker");
        ok("FxTaskState.updateMessage(String)", EXITED + ", a READY worker", "ignored (so `updateTitle`, `updateProgress`)",
                child(s, "updateMessage", "nothing (FxTaskState[ready, READY])"));
        ok("FxAsync.handler(EventCoroutine)", EXITED, "returns a handler (no event comes any more)",
                child(s, "handler", "an EventHandler"));
        thr("FxAsync.showAsync(Stage)", EXITED + ", a stage made before", IllegalStateException.class, HAS_EXITED,
                child(s, "showAsyncStage"));
        thr("FxAsync.showAsync(Dialog)", EXITED + ", a dialog made before", IllegalStateException.class, HAS_EXITED,
                child(s, "showAsyncDialog"));
    }

    private void noJvmOption() {
        String s = "no-flag";
        thr("FxEventLoop.get()", NO_FLAG, IllegalStateException.class, FLAG_MESSAGE, child(s, "get"));
        note("the message is logged once at ERROR too");
        thr("FxAsync.handler(EventCoroutine)", NO_FLAG, IllegalStateException.class, FLAG_MESSAGE, child(s, "handler"));
        note("thrown where the handler is made, before the window opens");
        thr("FxTaskState.create(String, ReportingCoroutine)", NO_FLAG, IllegalStateException.class, FLAG_MESSAGE, child(s, "create"));
        thr("FxTaskState.start(String, ReportingCoroutine)", NO_FLAG, IllegalStateException.class, FLAG_MESSAGE, child(s, "start"));
        thr("FxAsync.showAsync(Stage)", NO_FLAG, IllegalStateException.class, FLAG_MESSAGE, child(s, "showAsyncStage"));
    }

    // ------------------------------------------------------------------ child JVMs

    private static final Map<String, FxExitTest.Run> CHILDREN = new HashMap<>(); // guarded by itself

    /** The child JVM's run for {@code situation}: started by the first row that needs it, shared by the others. */
    private static FxExitTest.Run childRun(String situation) throws Exception {
        synchronized (CHILDREN) {
            FxExitTest.Run run = CHILDREN.get(situation);
            if (run == null) {
                run = FxExitTest.run(!situation.equals("no-flag"), FxBadInputScenario.class, situation, 90);
                CHILDREN.put(situation, run);
            }
            return run;
        }
    }

    /** What the child's call {@code call} printed: {@code threw <class>: <message>} or {@code returned <what>}. */
    private static String childOutcome(String situation, String call) throws Exception {
        FxExitTest.Run run = childRun(situation);
        assertEquals(0, run.exitCode(), "the child JVM (" + situation + ") failed:\n" + run);
        String outcome = run.value(call);
        if (outcome == null) fail("the child JVM (" + situation + ") printed nothing for " + call + ":\n" + run);
        return outcome;
    }

    /** A row's call: throws what the child's call threw (the same class and message), or returns if it returned. */
    private static Call child(String situation, String call) {
        return () -> {
            String outcome = childOutcome(situation, call);
            if (!outcome.startsWith("threw ")) return;
            int colon = outcome.indexOf(": ");
            Class<?> type = Class.forName(outcome.substring("threw ".length(), colon));
            throw (Throwable) type.getConstructor(String.class).newInstance(outcome.substring(colon + 2));
        };
    }

    /** A row's call: fails unless the child's call returned {@code what}. */
    private static Call child(String situation, String call, String what) {
        return () -> assertEquals("returned " + what, childOutcome(situation, call), situation + ": " + call);
    }

    // ------------------------------------------------------------------ the FX thread

    /** Runs {@code body} on the FX thread and returns its result, or throws what it threw (unwrapped). */
    private static <T> T fx(Callable<T> body) throws Throwable {
        try {
            return onFxAsync(body).get(FxTestSupport.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    @FunctionalInterface
    private interface ThrowingConsumer<T> {
        void accept(T t) throws Throwable;
    }
}
