package io.loopfx.harness;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scripts of the scenarios with modal dialogs and timers (5, 6, 11). */
final class DialogScenarios {
    private DialogScenarios() {
    }

    /**
     * 5: a task (its code resumed by a timer) calls showAndWait; a ticking task, started when the dialog shows,
     * closes it on its third tick. The ticker starts only then so that before the dialog nothing but the timer wakes
     * the loop: the naive bridge's timers fire in the pulse, but a run that other work asks for (a posted
     * runLater) takes the timers due by then too, and would resume 'ask' outside the pulse when it came first.
     */
    static void showAndWaitInATask(ScenarioContext ctx) {
        Stage dialog = ctx.dialog("Confirm", null);
        int[] ticksWhileOpen = {0};
        List<Task<Void>> ticker = new ArrayList<>(1);
        dialog.setOnShown(e -> ticker.add(ctx.task("ticker", () -> {
            while (true) {
                Async.sleep(Duration.ofMillis(1));
                ctx.log("ticker: tick" + (dialog.isShowing() ? " while the dialog is open" : ""));
                if (dialog.isShowing() && ++ticksWhileOpen[0] == 3) {
                    ctx.log("ticker: third tick while the dialog is open: close it");
                    dialog.hide();
                }
            }
        })));
        Task<String> ask = ctx.task("ask", () -> {
            Async.sleep(Duration.ofMillis(1)); // what runs next was resumed by a timer
            ctx.log("ask: showAndWait()");
            dialog.showAndWait();
            return "dialog closed after " + ticksWhileOpen[0] + " ticks of the other task";
        });
        ask.addDoneCallback(t -> {
            ticker.forEach(Task::cancel);
            if (t.exception() != null) ctx.fail(t.exception());
            else ctx.finish(t.result());
        });
    }

    /**
     * 6: a task shows a dialog with showAndWait; inside the dialog's nested loop an FX action handler (a click on
     * the dialog's button) calls await.
     */
    static void awaitFromAHandlerInANestedLoop(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        LoopFuture<String> refreshed = loop.createFuture();
        Throwable[] handlerError = new Throwable[1];
        String[] handlerGot = new String[1];
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> {
            ctx.log("handler inside the dialog's nested loop: await");
            try {
                handlerGot[0] = Async.await(refreshed);
                ctx.log("handler: await returned " + handlerGot[0]);
            } catch (Throwable t) {
                handlerError[0] = t;
                ctx.log("handler: await threw " + ScenarioContext.describe(t));
            }
        });
        Stage dialog = ctx.dialog("Refresh", refresh);
        dialog.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            Platform.runLater(refresh::fire);
            Platform.runLater(() -> loop.callSoon(() -> {
                ctx.log("complete the awaited future, then close the dialog");
                refreshed.setResult("refreshed");
                loop.callSoon(dialog::hide);
            }));
        });
        Task<String> owner = ctx.task("owner", () -> {
            dialog.showAndWait();
            return "dialog closed";
        });
        owner.addDoneCallback(t -> {
            if (t.exception() != null) ctx.fail(t.exception());
            else if (handlerError[0] != null) ctx.fail(handlerError[0]);
            else ctx.finish("handler got " + handlerGot[0] + ", " + t.result());
        });
    }

    /** Sleeps 2 ms three times; returns how many sleeps ended early (never, if timers are right). */
    static int threeSleeps(ScenarioContext ctx) {
        int early = 0;
        for (int i = 1; i <= 3; i++) {
            long t0 = System.nanoTime();
            Async.sleep(Duration.ofMillis(2));
            if (System.nanoTime() - t0 < 2_000_000) early++;
            ctx.log("sleep " + i + " of 3 ended"); // progress, for the watchdog: a naive bridge's timers may take seconds
        }
        return early;
    }

    /** 11: timers of a task while a handler blocks in runUntilComplete, then while a modal dialog is open. */
    static void timersDuringNestedLoops(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        ctx.click("Run", () -> {
            LoopFuture<String> f = loop.createFuture();
            ctx.task("timers-in-nested-call", () -> {
                int early = threeSleeps(ctx);
                f.setResult(early == 0 ? "3 timers fired in a nested call" : early + " timers fired early");
                return null;
            });
            String a = ctx.runUntilComplete("timers", f);
            Stage dialog = ctx.dialog("Timers", null);
            Task<String> inDialog = ctx.task("timers-in-dialog", () -> {
                int early = threeSleeps(ctx);
                dialog.hide();
                return early == 0 ? "3 during a dialog" : early + " fired early during a dialog";
            });
            ctx.log("showAndWait()");
            dialog.showAndWait();
            ctx.log("dialog closed");
            LoopFuture<String> b = loop.createFuture();
            inDialog.addDoneCallback(t -> b.setResult(t.exception() != null ? ScenarioContext.describe(t.exception()) : t.result()));
            ctx.finish(a + ", " + ctx.runUntilComplete("dialog task", b));
        });
    }
}
