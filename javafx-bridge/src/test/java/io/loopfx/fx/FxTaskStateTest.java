package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** FxTaskState: a task as JavaFX properties, changed on the FX thread, coalesced. */
class FxTaskStateTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void aBurstOfUpdatesChangesEachPropertyOncePerSliceOnTheFxThread() throws Exception {
        LoopFuture<Void> gate = onFx(() -> FxEventLoop.get().createFuture());
        List<Number> progressChanges = new CopyOnWriteArrayList<>();
        List<String> messageChanges = new CopyOnWriteArrayList<>();
        AtomicInteger offFx = new AtomicInteger();
        FxTaskState<String> s = onFx(() -> {
            FxTaskState<String> st = FxTaskState.start("burst", state -> {
                for (int i = 1; i <= 1000; i++) {
                    state.updateProgress(i, 1000);
                    state.updateMessage("step " + i);
                }
                Async.await(gate);
                return "done";
            });
            st.progressProperty().addListener((o, a, b) -> {
                if (!Platform.isFxApplicationThread()) offFx.incrementAndGet();
                progressChanges.add(b);
            });
            st.messageProperty().addListener((o, a, b) -> messageChanges.add(b));
            return st;
        });
        waitUntilFx("burst applied", () -> s.getMessage().equals("step 1000"));
        assertEquals(FxTaskState.State.RUNNING, onFx(s::getState));
        assertEquals(List.of(1.0), progressChanges, "1000 updates in one burst must make one change");
        assertEquals(List.of("step 1000"), messageChanges);
        runFx(() -> gate.setResult(null));
        waitUntilFx("done", () -> !s.isRunning());
        assertEquals(FxTaskState.State.SUCCEEDED, onFx(s::getState));
        assertEquals("done", onFx(s::getValue));
        assertEquals(0, offFx.get());
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
        assertEquals(FxTaskState.State.FAILED, onFx(failed::getState));
        assertSame(boom, onFx(failed::getException));

        LoopFuture<Void> never = onFx(() -> FxEventLoop.get().createFuture());
        FxTaskState<Void> cancelled = onFx(() -> FxTaskState.of(FxEventLoop.get().createTask("waits", () -> Async.await(never))));
        assertEquals(FxTaskState.State.RUNNING, onFx(cancelled::getState));
        assertEquals(-1.0, onFx(cancelled::getProgress), "indeterminate until reported");
        runFx(() -> cancelled.task().cancel());
        waitUntilFx("cancelled", () -> !cancelled.isRunning());
        assertEquals(FxTaskState.State.CANCELLED, onFx(cancelled::getState));
    }

    @Test
    void argumentsAndThreadAreChecked() throws Exception {
        assertThrows(IllegalStateException.class, () -> FxTaskState.start("x", s -> null));
        assertThrows(NullPointerException.class, () -> onFx(() -> FxTaskState.start("x", null)));
        Task<String> foreign = null;
        assertThrows(NullPointerException.class, () -> onFx(() -> FxTaskState.of(foreign)));
        FxTaskState<String> s = onFx(() -> FxTaskState.start("p", st -> null));
        s.updateProgress(5, 0);
        waitUntilFx("done", () -> !s.isRunning());
        assertEquals(1.0, onFx(s::getProgress), "a succeeded task shows full progress");
    }
}
