package io.loopfx.fx.guard;

import io.loopfx.core.ErrorContext;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for {@link FxErrorGuardTest}: with {@link FxErrorGuard#installInChildJvm()}, throws on the FX thread
 * and reports to the loop's default exception handler, then exits.
 */
public final class GuardedChildFixture {
    private GuardedChildFixture() {
    }

    public static void main(String[] args) throws Exception {
        FxErrorGuard.installInChildJvm();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            throw new IllegalStateException("child boom");
        });
        Platform.runLater(() -> {
            FxEventLoop.get().callExceptionHandler(new ErrorContext("child report", new RuntimeException("r"), null, null));
            done.countDown();
        });
        done.await();
        System.exit(0);
    }
}
