package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import javafx.application.Platform;
import javafx.scene.control.Button;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a new user's first run meets, in a fresh JVM that {@link FxFirstUseTest} starts: the toolkit runs, the FX loop
 * has not been used yet. Prints one line per fact, prefixed with "RESULT ".
 */
public final class FirstUseScenario {
    private FirstUseScenario() {
    }

    /**
     * Runs one scenario: {@code plain-handler} (Async.sleep in a plain event handler) or {@code no-flag} (started
     * without the JVM option: making a handler and getting the FX loop).
     *
     * @param args the scenario's name
     * @throws Exception if the toolkit does not start
     */
    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        if (!started.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the toolkit did not start");
        switch (args[0]) {
            case "plain-handler" -> FxTestSupport.onFx(FirstUseScenario::plainHandler);
            case "no-flag" -> FxTestSupport.onFx(FirstUseScenario::noFlag);
            default -> throw new IllegalArgumentException(args[0]);
        }
        Platform.exit();
        System.exit(0);
    }

    private static Void plainHandler() {
        out("loopBefore=" + attempt(EventLoop::current));
        Button button = new Button("plain");
        button.setOnAction(e -> out("sleep=" + attempt(() -> {
            Async.sleep(Duration.ofMillis(1));
            return "slept";
        })));
        button.fire();
        return null;
    }

    private static Void noFlag() {
        out("handler=" + attempt(() -> FxAsync.handler(e -> {
        })));
        out("get=" + attempt(FxEventLoop::get));
        return null;
    }

    private static String attempt(Callable<?> body) {
        try {
            return "no exception: " + body.call();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static void out(String line) {
        System.out.println("RESULT " + line);
        System.out.flush();
    }
}
