package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Event handlers that start tasks; dialogs inside tasks, with and without a nested loop. */
class FxAsyncTest {
    private static Stage primary;
    private final FxEventLoop loop = FxEventLoop.get();

    @BeforeAll
    static void toolkit() throws Exception {
        primary = startToolkit();
    }

    @AfterEach
    void reset() {
        loop.setExceptionHandler(null);
    }

    private static Dialog<String> dialog(String title) {
        Dialog<String> d = new Dialog<>();
        d.setTitle(title);
        d.initModality(Modality.APPLICATION_MODAL);
        d.getDialogPane().getButtonTypes().add(ButtonType.OK);
        d.setResultConverter(b -> b == ButtonType.OK ? "ok" : null);
        return d;
    }

    @Test
    void aButtonClickStartsATaskThatAwaitsAWorkerThreadAndSetsALabel() throws Exception {
        Button button = new Button("Fetch");
        Label label = new Label("idle");
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        button.setOnAction(FxAsync.handler(e -> {
            onFxThread.add(Platform.isFxApplicationThread());
            CompletableFuture<String> work = new CompletableFuture<>();
            new Thread(() -> work.complete("from worker"), "worker").start();
            String text = Async.await(work);
            onFxThread.add(Platform.isFxApplicationThread());
            Async.sleep(Duration.ofMillis(1));
            onFxThread.add(Platform.isFxApplicationThread());
            label.setText(text);
            finished.complete(null);
        }));
        FxToolkit.setupStage(s -> {
            s.setScene(new Scene(new VBox(button, label), 300, 200));
            s.show();
            s.toFront();
        });
        new FxRobot().clickOn(button);
        finished.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("from worker", onFx(label::getText));
        assertEquals(List.of(true, true, true), onFxThread);
    }

    /**
     * A click on a button inside a pane: the handler's first lines run inside the dispatch (before the handler
     * returns, with the dispatch's source and target), so consuming the event there keeps it from the pane's
     * handler; the rest, after an await, runs later on the FX thread. Without consume() the pane sees the event:
     * that is what shows that consume() is what stopped it.
     */
    @ParameterizedTest(name = "consume: {0}")
    @ValueSource(booleans = {true, false})
    void anEagerHandlersFirstLinesRunInsideTheDispatchSoConsumeStopsPropagation(boolean consume) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        LoopFuture<String> gate = onFx(loop::createFuture);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Button button = onFx(() -> new Button("Eager"));
        VBox pane = onFx(() -> new VBox(button));
        EventHandler<ActionEvent> handler = FxAsync.handler(e -> {
            log.add("first line: source " + (e.getSource() == button) + ", target " + (e.getTarget() == button));
            if (consume) e.consume();
            String v = Async.await(gate);
            log.add("after the await: " + v + ", on the FX thread " + Platform.isFxApplicationThread());
            finished.complete(null);
        });
        runFx(() -> {
            pane.addEventFilter(ActionEvent.ACTION, e -> log.add("pane's filter"));
            pane.addEventHandler(ActionEvent.ACTION, e -> log.add("pane's handler"));
            button.setOnAction(e -> {
                handler.handle(e);
                log.add("the handler returned");
            });
        });
        FxToolkit.setupStage(st -> {
            st.setScene(new Scene(pane, 300, 200));
            st.show();
            st.toFront();
        });
        new FxRobot().clickOn(button);
        waitUntilFx("the click was dispatched", () -> log.contains("the handler returned"));
        runFx(() -> { }); // the pane's handler, if the event reaches it, runs in the same dispatch
        List<String> dispatched = List.of("pane's filter", "first line: source true, target true", "the handler returned");
        assertEquals(consume ? dispatched : concat(dispatched, "pane's handler"), log);
        runFx(() -> gate.setResult("go"));
        finished.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("after the await: go, on the FX thread true", log.getLast());
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> out = new java.util.ArrayList<>(list);
        out.add(last);
        return out;
    }

    @Test
    void aHandlerThatEndsOrFailsBeforeAnyAwaitIsDoneInsideTheDispatch() throws Exception {
        List<ErrorContext> errors = captureErrors(loop);
        List<String> log = new CopyOnWriteArrayList<>();
        runFx(() -> {
            Button quick = new Button("quick");
            Button failing = new Button("failing");
            VBox pane = new VBox(quick, failing);
            pane.addEventHandler(ActionEvent.ACTION, e -> log.add("pane saw " + ((Button) e.getTarget()).getText()));
            quick.setOnAction(FxAsync.handler(e -> {
                log.add("quick ran in " + Async.currentTask().name());
                quick.setText("clicked"); // the scene changes at once, no slice of the loop needed
            }));
            failing.setOnAction(FxAsync.handler(e -> {
                throw new IOException("failed before any await");
            }));
            quick.fire();
            failing.fire();
            log.add("both fired");
        });
        assertEquals(List.of("quick ran in FxAsync.handler(ACTION)", "pane saw clicked", "pane saw failing", "both fired"), log);
        waitUntilFx("the failure reported", () -> !errors.isEmpty());
        assertEquals("failed before any await", errors.getFirst().exception().getMessage());
        assertTrue(errors.getFirst().message().contains("FxAsync.handler"), errors.getFirst().message());
    }

    @Test
    void aFailingHandlerTaskGoesToTheExceptionHandler() throws Exception {
        List<ErrorContext> errors = captureErrors(loop);
        Button button = onFx(() -> new Button("x"));
        runFx(() -> {
            button.setOnAction(FxAsync.handler(e -> {
                Async.yieldNow();
                throw new IOException("handler failed");
            }));
            button.fire();
        });
        waitUntilFx("error reported", () -> !errors.isEmpty());
        assertEquals("handler failed", errors.getFirst().exception().getMessage());
        assertTrue(errors.getFirst().message().contains("FxAsync.handler"), errors.getFirst().message());
        assertNotNull(errors.getFirst().task());
        assertThrows(NullPointerException.class, () -> FxAsync.handler(null));
    }

    @Test
    void aTaskInShowAndWaitKeepsWorkingWhileOtherTasksKeepTicking() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        AtomicBoolean stopTicking = new AtomicBoolean();
        Dialog<String> d = onFx(() -> dialog("modal"));
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        Task<String> ticker = onFx(() -> loop.createTask("ticker", () -> {
            while (!stopTicking.get()) {
                ticks.incrementAndGet();
                Async.sleep(Duration.ofMillis(3));
            }
            return "ticked";
        }));
        Task<String> modal = onFx(() -> loop.createTask("modal", () -> {
            Optional<String> r = d.showAndWait(); // a nested loop inside the task
            onFxThread.add(Platform.isFxApplicationThread());
            Async.sleep(Duration.ofMillis(1)); // the task still awaits normally afterwards
            onFxThread.add(Platform.isFxApplicationThread());
            return r.orElse("none");
        }));
        waitUntilFx("dialog showing", d::isShowing);
        int before = ticks.get();
        waitUntilFx("the ticker ticks while the dialog is open", () -> ticks.get() >= before + 10);
        assertFalse(onFx(modal::isDone));
        runFx(() -> {
            d.setResult("closed by test");
            d.close();
        });
        waitUntilFx("modal task done", modal::isDone);
        assertEquals("closed by test", onFx(modal::result));
        assertEquals(List.of(true, true), onFxThread);
        stopTicking.set(true);
        waitUntilFx("ticker done", ticker::isDone);
        assertEquals("ticked", onFx(ticker::result));
    }

    @Test
    void awaitInAPlainHandlerInsideATasksModalLoopIsRefusedClearly() throws Exception {
        Dialog<String> d = onFx(() -> dialog("modal 2"));
        Task<String> modal = onFx(() -> loop.createTask("holder", () -> d.showAndWait().orElse("none")));
        waitUntilFx("dialog showing", d::isShowing);
        LoopFuture<String> pending = onFx(loop::createFuture);
        // a plain FX runnable (like a click handler in the dialog) runs inside the task's nested loop
        Throwable e = onFx(() -> {
            try {
                Async.await(pending);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("nested event loop") && e.getMessage().contains("holder"), e.getMessage());
        assertTrue(e.getMessage().contains("FxAsync.handler"), e.getMessage());
        runFx(() -> {
            d.setResult("fine");
            d.close();
        });
        waitUntilFx("holder done", modal::isDone);
        assertEquals("fine", onFx(modal::result));
    }

    @Test
    void showAsyncAwaitsADialogWithoutANestedLoop() throws Exception {
        Dialog<String> d = onFx(() -> dialog("async"));
        AtomicBoolean nestedWhileShowing = new AtomicBoolean(true);
        Task<Optional<String>> t = onFx(() -> loop.createTask(() -> {
            LoopFuture<Optional<String>> shown = FxAsync.showAsync(d);
            nestedWhileShowing.set(Platform.isNestedLoopRunning());
            return Async.await(shown);
        }));
        waitUntilFx("dialog showing", d::isShowing);
        assertFalse(onFx(Platform::isNestedLoopRunning), "showAsync must not run a nested loop");
        assertFalse(nestedWhileShowing.get());
        runFx(() -> {
            d.setResult("picked");
            d.close();
        });
        waitUntilFx("task done", t::isDone);
        assertEquals(Optional.of("picked"), onFx(t::result));
    }

    @Test
    void cancellingShowAsyncHidesTheDialogAndTheStage() throws Exception {
        Dialog<String> d = onFx(() -> dialog("cancel me"));
        LoopFuture<Optional<String>> f = onFx(() -> FxAsync.showAsync(d));
        waitUntilFx("dialog showing", d::isShowing);
        runFx(f::cancel);
        waitUntilFx("dialog hidden", () -> !d.isShowing());

        Stage stage = onFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new Label("window"), 200, 100));
            return s;
        });
        LoopFuture<Void> shown = onFx(() -> FxAsync.showAsync(stage));
        waitUntilFx("stage showing", stage::isShowing);
        assertThrows(IllegalStateException.class, () -> onFx(() -> FxAsync.showAsync(stage)), "already showing");
        runFx(shown::cancel);
        waitUntilFx("stage hidden", () -> !stage.isShowing());
    }

    @Test
    void showAsyncOfAStageCompletesWhenItIsHidden() throws Exception {
        Stage stage = onFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new Label("window"), 200, 100));
            return s;
        });
        Task<String> t = onFx(() -> loop.createTask(() -> {
            Async.await(FxAsync.showAsync(stage));
            return Platform.isFxApplicationThread() ? "hidden, on fx" : "hidden, elsewhere";
        }));
        waitUntilFx("stage showing", stage::isShowing);
        assertFalse(onFx(t::isDone));
        runFx(stage::hide);
        waitUntilFx("task done", t::isDone);
        assertEquals("hidden, on fx", onFx(t::result));
    }

    @Test
    void showAsyncOffTheFxThreadIsRefused() {
        Dialog<String> d = assertDoesNotThrow(() -> onFx(() -> dialog("x")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FxAsync.showAsync(d));
        assertTrue(e.getMessage().contains("JavaFX Application Thread"), e.getMessage());
    }
}
