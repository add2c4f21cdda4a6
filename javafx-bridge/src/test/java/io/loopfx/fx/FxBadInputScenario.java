package io.loopfx.fx;

import javafx.application.Platform;
import javafx.scene.control.Dialog;
import javafx.stage.Stage;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The JavaFX bridge's public calls in a state a test JVM cannot return from, in a child JVM that
 * {@link FxBadInputRows} starts once per situation: {@code not-started} (no {@code Platform.startup} or
 * {@code launch}), {@code exited} (after {@code Platform.exit()}) and {@code no-flag} (the toolkit runs, the JVM
 * lacks the option loopfx needs). Prints one line per call: {@code RESULT call=threw <class>: <message>} (the
 * cause's message if the exception has none) or {@code RESULT call=returned <what>}.
 */
public final class FxBadInputScenario {
    private FxBadInputScenario() {
    }

    /**
     * Runs one situation.
     *
     * @param args the situation's name
     * @throws Exception if the toolkit does not start or exit
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "not-started" -> notStarted();
            case "exited" -> exited();
            case "no-flag" -> noFlag();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static void notStarted() {
        io.loopfx.fx.guard.FxErrorGuard.installInChildJvm();
        call("get", FxEventLoop::get);
        call("create", () -> FxTaskState.create("x", s -> null));
        call("start", () -> FxTaskState.start("x", s -> null));
        call("handler", () -> FxAsync.handler(e -> {
        }));
        call("showAsyncStage", () -> FxAsync.showAsync(new Stage()));
        call("showAsyncDialog", () -> FxAsync.showAsync(new Dialog<String>()));
    }

    private static void exited() throws Exception {
        io.loopfx.fx.guard.FxErrorGuard.installInChildJvm();
        CountDownLatch started = new CountDownLatch(1);
        Thread[] fxThread = new Thread[1];
        Platform.startup(() -> {
            fxThread[0] = Thread.currentThread();
            started.countDown();
        });
        if (!started.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the toolkit did not start");
        // made while the toolkit runs, used after it has exited
        Object[] made = FxTestSupport.onFx(() -> new Object[]{FxTaskState.create("ready", s -> null), new Stage(),
                new Dialog<String>(), FxEventLoop.get()});
        @SuppressWarnings("unchecked") FxTaskState<Object> ready = (FxTaskState<Object>) made[0];
        Platform.exit();
        fxThread[0].join(30_000);
        if (fxThread[0].isAlive()) throw new IllegalStateException("the FX thread did not end");
        call("get", FxEventLoop::get);
        call("create", () -> FxTaskState.create("x", s -> null));
        call("start", () -> FxTaskState.start("x", s -> null));
        call("handler", () -> FxAsync.handler(e -> {
        }));
        call("showAsyncStage", () -> FxAsync.showAsync((Stage) made[1]));
        call("showAsyncDialog", () -> FxAsync.showAsync((Dialog<?>) made[2]));
        call("workerStart", () -> {
            ready.start();
            return null;
        });
        call("workerCancel", ready::cancel);
        call("workerGetState", ready::getState);
        call("updateMessage", () -> {
            ready.updateMessage("after exit");
            return "nothing (" + ready + ")";
        });
        call("setSliceBudget", () -> {
            FxEventLoop loop = (FxEventLoop) made[3];
            loop.setSliceBudget(java.time.Duration.ofMillis(8));
            return loop.sliceBudget();
        });
    }

    /** Without the guard: the missing option is logged once at ERROR on purpose (FxFirstUseTest checks that). */
    private static void noFlag() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        if (!started.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the toolkit did not start");
        FxTestSupport.onFx(() -> {
            call("get", FxEventLoop::get);
            call("handler", () -> FxAsync.handler(e -> {
            }));
            call("create", () -> FxTaskState.create("x", s -> null));
            call("start", () -> FxTaskState.start("x", s -> null));
            call("showAsyncStage", () -> FxAsync.showAsync(new Stage()));
            return null;
        });
        Platform.exit();
    }

    private static void call(String name, Callable<?> body) {
        String outcome;
        try {
            Object r = body.call();
            outcome = "returned " + (r instanceof javafx.event.EventHandler<?> ? "an EventHandler" : r);
        } catch (Throwable t) {
            // an exception without a message (JavaFX's ExceptionInInitializerError) shows its cause's
            String message = t.getMessage() == null && t.getCause() != null ? t.getCause().getMessage() : t.getMessage();
            outcome = "threw " + t.getClass().getName() + ": " + message;
        }
        System.out.println("RESULT " + name + "=" + outcome.replace('\n', ' '));
        System.out.flush();
    }
}
