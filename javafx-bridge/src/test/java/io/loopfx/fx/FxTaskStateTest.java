package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** FxTaskState: a task as JavaFX properties, changed on the FX thread; updates from other threads coalesced. */
class FxTaskStateTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void updatesFromTheTasksOwnCodeChangeThePropertiesAtOnce() throws Exception {
        LoopFuture<Void> gate = onFx(() -> FxEventLoop.get().createFuture());
        List<Number> progressChanges = new CopyOnWriteArrayList<>();
        List<String> seenByTheBody = new CopyOnWriteArrayList<>();
        FxTaskState<String> s = onFx(() -> {
            FxTaskState<String> st = FxTaskState.create("direct", state -> {
                for (int i = 1; i <= 3; i++) {
                    state.updateProgress(i, 4);
                    state.updateMessage("step " + i);
                    seenByTheBody.add(state.getProgress() + " " + state.getMessage());
                }
                Async.await(gate);
                return "done";
            });
            st.progressProperty().addListener((o, a, b) -> progressChanges.add(b));
            st.start();
            return st;
        });
        waitUntilFx("the body waits", () -> s.getMessage().equals("step 3"));
        assertEquals(List.of("0.25 step 1", "0.5 step 2", "0.75 step 3"), seenByTheBody, "each update shows at once");
        assertEquals(List.of(0.25, 0.5, 0.75), progressChanges);
        assertEquals(Worker.State.RUNNING, onFx(s::getState));
        runFx(() -> gate.setResult(null));
        waitUntilFx("done", () -> !s.isRunning());
        assertEquals(Worker.State.SUCCEEDED, onFx(s::getState));
        assertEquals("done", onFx(s::getValue));
        runFx(() -> s.updateMessage("after the end"));
        assertEquals("step 3", onFx(s::getMessage), "updates after the end are ignored");
    }

    @Test
    void updatesFromAWorkerThreadArriveOnTheFxThreadCoalesced() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        AtomicInteger offFx = new AtomicInteger();
        FxTaskState<Integer> s = onFx(() -> {
            FxTaskState<Integer> st = FxTaskState.start("worker", state -> Async.await(FxEventLoop.get().runInExecutor(null, () -> {
                for (int i = 0; i <= 100_000; i++) state.updateProgress(i, 100_000);
                return 5;
            })));
            st.progressProperty().addListener((o, a, b) -> {
                if (!Platform.isFxApplicationThread()) offFx.incrementAndGet();
                changes.incrementAndGet();
            });
            return st;
        });
        waitUntilFx("done", () -> !s.isRunning());
        assertEquals(1.0, onFx(s::getProgress));
        assertEquals(0, offFx.get());
        assertTrue(changes.get() < 100_000 / 10, "updates were not coalesced: " + changes.get() + " changes");
        assertEquals(5, onFx(s::getValue));
    }

    @Test
    void failureAndCancellationShowInTheState() throws Exception {
        IOException boom = new IOException("boom");
        FxTaskState<Object> failed = onFx(() -> FxTaskState.start("fails", st -> {
            Async.yieldNow();
            throw boom;
        }));
        waitUntilFx("failed", () -> !failed.isRunning());
        assertEquals(Worker.State.FAILED, onFx(failed::getState));
        assertSame(boom, onFx(failed::getException));

        LoopFuture<Void> never = onFx(() -> FxEventLoop.get().createFuture());
        FxTaskState<Void> cancelled = onFx(() -> FxTaskState.of(FxEventLoop.get().createTask("waits", () -> Async.await(never))));
        assertEquals(Worker.State.RUNNING, onFx(cancelled::getState));
        assertEquals(-1.0, onFx(cancelled::getProgress), "indeterminate until reported");
        runFx(() -> cancelled.task().cancel());
        waitUntilFx("cancelled", () -> !cancelled.isRunning());
        assertEquals(Worker.State.CANCELLED, onFx(cancelled::getState));
    }

    @Test
    void argumentsThreadAndStartingOnceAreChecked() throws Exception {
        assertThrows(IllegalStateException.class, () -> FxTaskState.start("x", s -> null));
        assertThrows(IllegalStateException.class, () -> FxTaskState.create("x", s -> null));
        assertThrows(NullPointerException.class, () -> onFx(() -> FxTaskState.start("x", null)));
        assertThrows(NullPointerException.class, () -> onFx(() -> FxTaskState.create("x", null)));
        Task<String> foreign = null;
        assertThrows(NullPointerException.class, () -> onFx(() -> FxTaskState.of(foreign)));

        FxTaskState<String> s = onFx(() -> FxTaskState.start("started", st -> "v"));
        IllegalStateException off = assertThrows(IllegalStateException.class, s::getState);
        assertTrue(off.getMessage().contains("FxTaskState.getState() must be called on the JavaFX Application Thread")
                && off.getMessage().contains("task()"), off.getMessage());
        assertThrows(IllegalStateException.class, s::cancel);
        assertThrows(IllegalStateException.class, s::progressProperty);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> runFx(s::start));
        assertTrue(twice.getMessage().contains("a worker starts once"), twice.getMessage());
        assertEquals("v", s.task().get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS), "task() from any thread");

        FxTaskState<String> cancelled = onFx(() -> FxTaskState.create("cancelled while READY", st -> "never"));
        assertTrue(onFx(cancelled::cancel));
        IllegalStateException afterCancel = assertThrows(IllegalStateException.class, () -> runFx(cancelled::start));
        assertTrue(afterCancel.getMessage().contains("CANCELLED"), afterCancel.getMessage());
        assertNull(cancelled.task(), "no task was ever made");
    }

    @Test
    void ofADoneTaskShowsItsOutcomeAtOnce() throws Exception {
        Task<String> done = onFx(() -> FxEventLoop.get().createTask("quick", () -> "v"));
        waitUntilFx("done", done::isDone);
        assertEquals("SUCCEEDED v false", onFx(() -> {
            FxTaskState<String> s = FxTaskState.of(done);
            return s.getState() + " " + s.getValue() + " " + s.isRunning();
        }));
    }
}
