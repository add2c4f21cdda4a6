package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import javafx.scene.control.Button;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code Async.await}/{@code sleep} outside a task on the FX thread, with the FX loop running: the error says what the
 * code is (an event handler, or other code on the FX thread) and names the fix. {@link FxFirstUseTest} covers the
 * same before the FX loop was first used.
 */
class FxNotInTaskMessageTest {
    private final FxEventLoop loop = FxEventLoop.get();

    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void sleepInAPlainEventHandlerSaysItIsAnEventHandlerAndNamesFxAsyncHandler() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        runFx(() -> {
            Button button = new Button("plain");
            button.setOnAction(e -> {
                try {
                    Async.sleep(Duration.ofMillis(1));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            button.fire(); // dispatches the ActionEvent through JavaFX's event dispatch, as a click does
        });
        assertInstanceOf(IllegalStateException.class, thrown.get());
        String message = thrown.get().getMessage();
        assertTrue(message.startsWith("Async.sleep() was called in a JavaFX event handler"), message);
        assertTrue(message.contains("button.setOnAction(FxAsync.handler(e -> {"), message);
    }

    @Test
    void awaitInAPlainEventHandlerSaysTheSame() throws Exception {
        LoopFuture<String> pending = onFx(loop::createFuture);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        runFx(() -> {
            Button button = new Button("plain");
            button.setOnAction(e -> {
                try {
                    Async.await(pending);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            button.fire();
        });
        String message = thrown.get().getMessage();
        assertTrue(message.startsWith("Async.await() was called in a JavaFX event handler"), message);
        assertTrue(message.contains("FxAsync.handler"), message);
        assertFalse(pending.isDone());
    }

    @Test
    void awaitInAPlainCallbackOfTheFxLoopNamesCreateTask() throws Exception {
        LoopFuture<String> pending = onFx(loop::createFuture);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        LoopFuture<Void> ran = onFx(loop::createFuture);
        runFx(() -> loop.callSoon(() -> {
            try {
                Async.await(pending);
            } catch (Throwable t) {
                thrown.set(t);
            }
            ran.setResult(null);
        }));
        waitUntilFx("the callback ran", ran::isDone);
        String message = thrown.get().getMessage();
        assertTrue(message.startsWith("Async.await() was called on the JavaFX Application Thread outside a task"), message);
        assertTrue(message.contains("FxEventLoop.get().createTask(() -> {"), message);
        assertTrue(message.contains("FxAsync.handler"), message);
    }

    @Test
    void offTheFxThreadTheCoreMessageStays() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.sleep(Duration.ofMillis(1)));
        assertTrue(e.getMessage().startsWith("sleep() was called from thread '"), e.getMessage());
        assertFalse(e.getMessage().contains("JavaFX"), e.getMessage());
    }
}
