package io.loopfx.harness;

import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.stage.Modality;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a scenario's script works with: its loop, an event log, tasks whose {@code finally} is watched,
 * timed nested calls, button clicks and dialogs, and the scenario's outcome ({@link #finish} or
 * {@link #fail}). Everything but {@link #log} belongs to the FX thread.
 */
final class ScenarioContext {
    private static final int MAX_EVENTS = 40; // the log keeps its first and last lines beyond this
    /** A handler body that may throw. */
    @FunctionalInterface
    interface Handler {
        void handle() throws Exception;
    }

    volatile EventLoop loop; // set before the script runs; exit scenarios set it once their toolkit runs
    final Bridge bridge;
    volatile Thread fxThread; // exit scenarios: the FX thread of their toolkit
    private final long start = System.nanoTime();
    private final List<String> events = new CopyOnWriteArrayList<>();
    /** When the last event was logged (System.nanoTime()), or 0: the watchdog gives a scenario that makes progress more time. */
    private volatile long lastEvent;
    private final List<NestedCallTiming> timings = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> finallyRan = new ConcurrentHashMap<>(); // task name -> its finally ran
    private final List<Task<?>> tasks = new CopyOnWriteArrayList<>();
    private final List<Stage> stages = new CopyOnWriteArrayList<>();
    final CompletableFuture<Object> outcome = new CompletableFuture<>();
    /**
     * Exceptions that reached an uncaught-exception handler and SEVERE reports of the "io.loopfx" loggers (the loop's
     * default exception handler) while the scenario ran; recorded by {@link ScenarioRunner}'s recorders, any thread.
     */
    final List<String> strayErrors = new CopyOnWriteArrayList<>();

    ScenarioContext(EventLoop loop, Bridge bridge) {
        this.loop = loop;
        this.bridge = bridge;
    }

    /** Adds a line to the event log; any thread. */
    void log(String event) {
        long now = System.nanoTime();
        lastEvent = now;
        events.add(String.format(java.util.Locale.ROOT, "%7.1f ms  %s", (now - start) / 1e6, event));
    }

    /** When the last event was logged (System.nanoTime()), or 0 if none was. */
    long lastEvent() {
        return lastEvent;
    }

    /** Records an error that reached a handler while the scenario ran (see {@link #strayErrors}); any thread. */
    void stray(String what) {
        strayErrors.add(what);
        log("stray error: " + what);
    }

    /** The event log, shortened to its first and last lines if it is long (scenario 12c nests 210 calls). */
    List<String> events() {
        List<String> all = new ArrayList<>(events);
        if (all.size() <= MAX_EVENTS) return all;
        List<String> out = new ArrayList<>(all.subList(0, MAX_EVENTS / 2));
        out.add("        ... " + (all.size() - MAX_EVENTS + 1) + " more events ...");
        out.addAll(all.subList(all.size() - MAX_EVENTS / 2 + 1, all.size()));
        return out;
    }

    List<NestedCallTiming> timings() {
        return new ArrayList<>(timings);
    }

    /** The scenario's outcome: a value. Only the first outcome counts. */
    void finish(Object value) {
        if (outcome.complete(value)) log("outcome: " + value);
    }

    /** The scenario's outcome: an error. Only the first outcome counts. */
    void fail(Throwable error) {
        if (outcome.completeExceptionally(error)) log("outcome: " + describe(error));
    }

    static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Starts a task whose {@code finally} block the harness watches (a task that never runs it is lost). */
    <T> Task<T> task(String name, Coroutine<T> body) {
        Task<T> t = loop.createTask(name, () -> {
            finallyRan.put(name, false);
            try {
                return body.run();
            } finally {
                finallyRan.put(name, true);
                log("task '" + name + "': finally ran");
            }
        });
        tasks.add(t);
        return t;
    }

    /** Names of the watched tasks that started and have not run their finally block. */
    List<String> tasksWithoutFinally() {
        List<String> out = new ArrayList<>();
        finallyRan.forEach((name, ran) -> {
            if (!ran) out.add(name);
        });
        out.sort(null);
        return out;
    }

    int finallyCount() {
        return (int) finallyRan.values().stream().filter(b -> b).count();
    }

    /** FX thread: cancels the watched tasks that are still pending (what an application does when it is done). */
    void cancelPendingTasks() {
        for (Task<?> t : tasks) if (!t.isDone()) t.cancel("the scenario is over");
    }

    /** Runs {@code loop.runUntilComplete(f)}, logging it and timing how long it was held up after f was done. */
    <T> T runUntilComplete(String label, LoopFuture<T> f) throws Exception {
        long[] doneAt = {0};
        f.addDoneCallback(x -> doneAt[0] = System.nanoTime());
        log("enter runUntilComplete(" + label + ")");
        T value;
        try {
            value = loop.runUntilComplete(f);
        } catch (Exception e) {
            log("runUntilComplete(" + label + ") threw " + describe(e));
            throw e;
        }
        long now = System.nanoTime();
        Duration held = Duration.ofNanos(doneAt[0] == 0 ? 0 : now - doneAt[0]);
        timings.add(new NestedCallTiming(label, held));
        log("runUntilComplete(" + label + ") returned " + value + String.format(java.util.Locale.ROOT,
                " (held up %.1f ms after its future was done)", held.toNanos() / 1e6));
        return value;
    }

    /**
     * Posts a click on a button whose action handler runs {@code handler}, as a user's click is dispatched
     * by JavaFX; an exception the handler throws becomes the scenario's outcome.
     */
    void click(String button, Handler handler) {
        Button b = new Button(button);
        b.setOnAction(e -> {
            log("click '" + button + "'");
            try {
                handler.handle();
            } catch (Throwable t) {
                log("handler of '" + button + "' threw " + describe(t));
                fail(t);
            }
        });
        Platform.runLater(b::fire);
    }

    /**
     * Runs {@code step} on the loop from a later FX event (as a reply or an input event arrives), not from the
     * loop callback that is running now: JavaFX leaves a nested loop only between events.
     */
    void later(String what, Runnable step) {
        Platform.runLater(() -> loop.callSoon(() -> {
            log(what);
            step.run();
        }));
    }

    /** A modal window with one button; closed by the harness when the scenario is over. */
    Stage dialog(String title, Button content) {
        Stage s = new Stage();
        s.setTitle(title);
        s.initModality(Modality.APPLICATION_MODAL);
        s.setScene(new Scene(new StackPane(content != null ? content : new Button("OK")), 240, 120));
        stages.add(s);
        return s;
    }

    /** FX thread: hides every window the scenario opened. */
    void closeWindows() {
        for (Stage s : stages) if (s.isShowing()) s.hide();
    }
}
