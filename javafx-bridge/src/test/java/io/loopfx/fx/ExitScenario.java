package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small program that {@link FxExitTest} runs in a child JVM, because the toolkit can exit only once per
 * JVM. Prints one line per fact, prefixed with "RESULT ".
 */
public final class ExitScenario {
    static final int TASKS = 1000;
    static final AtomicInteger FINALLIES = new AtomicInteger();
    static final AtomicInteger ON_FX = new AtomicInteger();
    static volatile Thread fxThread;

    private ExitScenario() {
    }

    public static void main(String[] args) throws Exception {
        io.loopfx.fx.guard.FxErrorGuard.installInChildJvm();
        switch (args[0]) {
            case "not-started" -> notStarted();
            case "startup-exit-in-nested" -> startupExitInNested();
            case "startup-exit-in-nested-without-loopfx" -> startupExitInNestedWithoutLoopfx();
            case "implicit-exit" -> implicitExit();
            case "launch-stop" -> Application.launch(LaunchedApp.class);
            default -> throw new IllegalArgumentException(args[0]);
        }
        if (fxThread != null) fxThread.join(30_000);
        out("fxThreadEnded=" + (fxThread != null && !fxThread.isAlive()));
        out("finally=" + FINALLIES.get() + " onFx=" + ON_FX.get());
        try {
            FxEventLoop.get();
            out("getAfterExit=no exception");
        } catch (IllegalStateException e) {
            out("getAfterExit=IllegalStateException: " + e.getMessage());
        }
        System.exit(0);
    }

    static void out(String line) {
        System.out.println("RESULT " + line);
        System.out.flush();
    }

    private static void notStarted() {
        try {
            FxEventLoop.get();
            out("getBeforeStart=no exception");
        } catch (IllegalStateException e) {
            out("getBeforeStart=IllegalStateException: " + e.getMessage());
        }
    }

    private static void startToolkit() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(() -> {
            fxThread = Thread.currentThread();
            started.countDown();
        });
        started.await();
    }

    /** FX thread: starts TASKS tasks that wait forever; each counts its finally block. */
    static void startPendingTasks(FxEventLoop loop) {
        startPendingTasks(loop, TASKS, FINALLIES, ON_FX);
    }

    /**
     * FX thread: starts {@code n} tasks that wait forever (half on a future, half in a sleep); each counts its
     * finally block, and whether it ran on the FX thread. Some finally blocks await, too.
     */
    static void startPendingTasks(FxEventLoop loop, int n, AtomicInteger finallies, AtomicInteger onFx) {
        LoopFuture<Void> never = loop.createFuture();
        for (int i = 0; i < n; i++) {
            int k = i;
            loop.createTask("pending-" + i, () -> {
                try {
                    if (k % 2 == 0) Async.await(never);
                    else Async.sleep(Duration.ofHours(1));
                } finally {
                    if (k % 10 == 0) Async.sleep(Duration.ofMillis(1)); // finally blocks may await
                    if (Platform.isFxApplicationThread()) onFx.incrementAndGet();
                    finallies.incrementAndGet();
                }
                return null;
            });
        }
    }

    /** FX thread: a handler's runUntilComplete whose task calls Platform.exit() inside the nested loop. */
    static void exitFromInsideRunUntilComplete(FxEventLoop loop) {
        try {
            loop.runUntilComplete(() -> {
                Async.sleep(Duration.ofMillis(5));
                out("nestedLoopRunning=" + Platform.isNestedLoopRunning());
                Platform.exit();
                Async.sleep(Duration.ofHours(1));
                return null;
            });
            out("runUntilComplete=returned");
        } catch (Exception e) {
            out("runUntilComplete=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void startupExitInNested() throws InterruptedException {
        startToolkit();
        Platform.runLater(() -> {
            FxEventLoop loop = FxEventLoop.get();
            startPendingTasks(loop);
            exitFromInsideRunUntilComplete(loop);
        });
    }

    /** The JavaFX behaviour loopfx works around: Platform.exit() inside a nested loop after Platform.startup. */
    private static void startupExitInNestedWithoutLoopfx() throws InterruptedException {
        startToolkit();
        Platform.runLater(() -> {
            Object key = new Object();
            Platform.runLater(Platform::exit);
            Platform.enterNestedEventLoop(key);
            out("nestedLoopReturned");
        });
    }

    private static void implicitExit() throws InterruptedException {
        startToolkit();
        CountDownLatch shown = new CountDownLatch(1);
        Stage[] stage = new Stage[1];
        Platform.runLater(() -> {
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new Label("last window"), 200, 100));
            stage[0].show();
            startPendingTasks(FxEventLoop.get());
            shown.countDown();
        });
        shown.await();
        out("implicitExit=" + Platform.isImplicitExit());
        Platform.runLater(() -> stage[0].hide()); // the last window closes
    }

    /** Application.launch: stop() calls shutdown(); Platform.exit() comes from inside a nested loop. */
    public static final class LaunchedApp extends Application {
        /** Created by the launcher. */
        public LaunchedApp() {
        }

        @Override
        public void start(Stage stage) {
            fxThread = Thread.currentThread();
            stage.setScene(new Scene(new Label("app"), 200, 100));
            stage.show();
            FxEventLoop loop = FxEventLoop.get();
            startPendingTasks(loop);
            Platform.runLater(() -> exitFromInsideRunUntilComplete(loop));
        }

        @Override
        public void stop() {
            out("stopCalled");
            FxEventLoop.get().shutdown();
            out("stopFinally=" + FINALLIES.get());
        }
    }
}
