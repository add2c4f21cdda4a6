package io.loopfx.harness;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scripts of the scenarios that exit the toolkit while tasks are pending and a nested call is open (8a, 8b,
 * 8c). Each starts its own toolkit, so each runs in a JVM of its own. The outcome is decided once the FX
 * thread has ended: what the nested call returned or threw, and whether every pending task's finally ran.
 */
final class ExitScenarios {
    /** How many tasks are pending when the toolkit exits. */
    static final int PENDING = 40;
    private static volatile ScenarioContext launched; // the context of the scenario Application.launch runs
    private static volatile Object pendingOutcome; // what the nested call returned (one scenario per JVM)
    private static volatile Throwable pendingError; // or threw

    private ExitScenarios() {
    }

    /** 8a: Platform.startup; a task inside a handler's runUntilComplete calls Platform.exit(). */
    static void startupThenExit(ScenarioContext ctx) throws InterruptedException {
        startup(ctx);
        Platform.runLater(() -> pendingWorkThenExit(ctx, "Platform.exit()", Platform::exit, true));
        decideWhenTheFxThreadEnds(ctx);
    }

    /** 8c: Platform.startup, one window; a task inside a handler's runUntilComplete closes that last window. */
    static void startupThenLastWindowClosed(ScenarioContext ctx) throws InterruptedException {
        startup(ctx);
        Platform.runLater(() -> {
            Stage last = new Stage();
            last.setScene(new Scene(new Label("the last window"), 200, 100));
            last.show();
            pendingWorkThenExit(ctx, "close the last window", last::hide, false);
        });
        decideWhenTheFxThreadEnds(ctx);
    }

    /** 8b: Application.launch; a task inside a handler's runUntilComplete calls Platform.exit(). */
    static void launchThenExit(ScenarioContext ctx) {
        launched = ctx;
        Thread launcher = new Thread(() -> Application.launch(LaunchedApp.class), "harness-launcher");
        launcher.setDaemon(true);
        launcher.start();
        decideWhenTheFxThreadEnds(ctx);
    }

    private static void startup(ScenarioContext ctx) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(() -> {
            ctx.fxThread = Thread.currentThread();
            started.countDown();
        });
        started.await();
        Platform.setImplicitExit(true);
    }

    /**
     * FX thread: starts {@link #PENDING} tasks that wait forever, then a handler blocks in runUntilComplete on a
     * task that does {@code exit} and then waits forever ({@code waitForever}) or returns "saved" (JavaFX exits
     * implicitly only once no nested loop is open).
     */
    static void pendingWorkThenExit(ScenarioContext ctx, String exitName, Runnable exit, boolean waitForever) {
        ctx.loop = ctx.bridge.newLoop();
        LoopFuture<Void> never = ctx.loop.createFuture();
        for (int i = 0; i < PENDING; i++) {
            int k = i;
            ctx.task("pending-" + i, () -> {
                if (k % 2 == 0) Async.await(never);
                else Async.sleep(Duration.ofHours(1));
                return null;
            });
        }
        ctx.click("Work", () -> {
            Task<String> work = ctx.task("work", () -> {
                Async.yieldNow();
                ctx.log("work: " + exitName + " inside the nested call, " + PENDING + " tasks pending");
                exit.run();
                if (waitForever) Async.sleep(Duration.ofHours(1));
                for (int i = 0; i < 3; i++) Async.yieldNow();
                return "saved";
            });
            try {
                pendingOutcome = "runUntilComplete returned " + ctx.runUntilComplete("work", work);
            } catch (Throwable t) {
                pendingError = t;
            }
        });
    }

    /** Caller's thread: waits for the FX thread to end, then sets the outcome (what the nested call did). */
    private static void decideWhenTheFxThreadEnds(ScenarioContext ctx) {
        Thread waiter = new Thread(() -> {
            try {
                while (ctx.fxThread == null) TimeUnit.MILLISECONDS.sleep(5);
                ctx.fxThread.join();
            } catch (InterruptedException e) {
                return;
            }
            ctx.log("the FX thread has ended; finally blocks run: " + ctx.finallyCount() + " of " + (PENDING + 1));
            if (pendingError != null) ctx.fail(pendingError);
            else ctx.finish(pendingOutcome != null ? pendingOutcome : "the nested call never returned");
        }, "harness-exit-waiter");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** The application scenario 8b launches. */
    public static final class LaunchedApp extends Application {
        /** Created by the launcher. */
        public LaunchedApp() {
        }

        @Override
        public void start(Stage stage) {
            ScenarioContext ctx = launched;
            ctx.fxThread = Thread.currentThread();
            stage.setScene(new Scene(new Label("launched"), 200, 100));
            stage.show();
            pendingWorkThenExit(ctx, "Platform.exit()", Platform::exit, true);
        }
    }
}
