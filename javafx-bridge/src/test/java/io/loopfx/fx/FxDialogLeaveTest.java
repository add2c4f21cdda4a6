package io.loopfx.fx;

import io.loopfx.core.LoopFuture;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loopfx.fx.FxTestSupport.onFxAsync;
import static io.loopfx.fx.FxTestSupport.startToolkit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A nested loop entered while a dialog's nested loop is leaving (JDK-8285893): JavaFX holds back every
 * {@code runLater} until the leaving loop has returned, which it cannot do while a loop inside it runs, so the FX
 * loop's slices stop for good. On GTK (also Windows and macOS); Monocle has no such dispatcher, and there these tests
 * pass either way. Found by {@link FxNestedLoopFuzzTest} on GTK (seed -1800256115047632850: a task's
 * {@code showAndWait} dialog closed by a timer, a {@code runUntilComplete} in a callback after it); these are the
 * cases it came down to.
 */
class FxDialogLeaveTest {
    private static final long TIMEOUT_SECONDS = 10;

    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    private static Dialog<String> dialog() {
        Dialog<String> d = new Dialog<>();
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        return d;
    }

    private static void close(Dialog<String> d, String result) {
        d.setResult(result);
        d.close();
    }

    /** Returns a future of the FX loop that a timer completes with {@code value} in a millisecond. */
    private static LoopFuture<String> soon(FxEventLoop loop, String value) {
        LoopFuture<String> f = loop.createFuture();
        loop.callLater(Duration.ofMillis(1), () -> f.setResult(value));
        return f;
    }

    @Test
    void aCallbackThatClosesADialogAndThenRunsUntilCompleteDoesNotJamTheFxThread() throws Exception {
        closeADialogThenRunUntilComplete(true);
    }

    @Test
    void aRunUntilCompleteInTheCallbackAfterTheOneThatClosedADialogDoesNotJamTheFxThread() throws Exception {
        closeADialogThenRunUntilComplete(false);
    }

    /**
     * A dialog shown with showAndWait is closed by a timer, then a runUntilComplete runs: in the same callback, or in
     * the next one of the same iteration (the same deadline: the same runLater).
     */
    private static void closeADialogThenRunUntilComplete(boolean sameCallback) throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        CompletableFuture<String> inner = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                inner.complete(loop.runUntilComplete(soon(loop, "done")));
            } catch (Exception e) {
                inner.completeExceptionally(e);
            }
        };
        CompletableFuture<Optional<String>> outer = onFxAsync(() -> {
            Dialog<String> d = dialog();
            long at = loop.time() + TimeUnit.MILLISECONDS.toNanos(50);
            loop.callAt(at, () -> {
                close(d, "closed");
                if (sameCallback) run.run();
            });
            if (!sameCallback) loop.callAt(at, run);
            return d.showAndWait();
        });
        assertEquals("done", inner.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Optional.of("closed"), outer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    /**
     * The callback after the one that closed a dialog shows another with {@code showAndWait}: JavaFX enters that
     * nested loop itself, so the FX loop cannot run it in place; the loop ends the iteration after the callback that
     * hid the dialog ({@code NestingGuard.endIterationNow}), so the next one runs in a later {@code runLater}, once
     * the dialog's loop has left, as plain JavaFX handlers would. It jammed GTK before.
     */
    @Test
    void aShowAndWaitInTheCallbackAfterTheOneThatClosedADialogDoesNotJamTheFxThread() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        CompletableFuture<Optional<String>> second = new CompletableFuture<>();
        CompletableFuture<Optional<String>> outer = onFxAsync(() -> {
            Dialog<String> d = dialog();
            long at = loop.time() + TimeUnit.MILLISECONDS.toNanos(50);
            loop.callAt(at, () -> close(d, "closed"));
            loop.callAt(at, () -> {
                Dialog<String> d2 = dialog();
                loop.callLater(Duration.ofMillis(20), () -> close(d2, "second"));
                second.complete(d2.showAndWait());
            });
            return d.showAndWait();
        });
        assertEquals(Optional.of("second"), second.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(Optional.of("closed"), outer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
}
