package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import io.loopfx.fx.guard.FxErrorGuard;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Faults in {@link FxTaskState} listeners (issue 12): a listener that throws is the UI's bug, not the task's. Each
 * throwable is reported once, to the FX thread's uncaught-exception handler (where JavaFX itself sends a listener's
 * exception), the task goes on, the worker's other properties still change, and the loop keeps running. The error
 * guard counts the reports: one more or one fewer fails the test.
 */
class FxTaskStateListenerFaultTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void listenersThatThrowExceptionsAreReportedOnceEachAndTheWorkerGoesOn() throws Exception {
        // On the FX thread from the body: 3 progress changes; from a worker thread, coalesced: at least 1 message
        // change; the end: SUCCEEDED. Each throws once.
        LoopFuture<Void> gate = onFx(() -> FxEventLoop.get().createFuture());
        List<Object> seen = new CopyOnWriteArrayList<>();
        FxTaskState<String> s = onFx(() -> {
            FxTaskState<String> st = FxTaskState.create("listened", state -> {
                for (int i = 1; i <= 3; i++) state.updateProgress(i, 3);
                Async.await(FxEventLoop.get().runInExecutor(null, () -> {
                    state.updateMessage("from a worker");
                    return null;
                }));
                Async.await(gate);
                return "result";
            });
            st.progressProperty().addListener((o, a, b) -> {
                throw new IllegalStateException("progress listener fails at " + b);
            });
            st.messageProperty().addListener((o, a, b) -> {
                throw new IllegalStateException("message listener fails at " + b);
            });
            st.stateProperty().addListener((o, a, b) -> {
                if (b == Worker.State.SUCCEEDED) throw new IllegalStateException("state listener fails at " + b);
            });
            st.stateProperty().addListener((o, a, b) -> seen.add(b)); // a second listener of the same property
            st.start();
            return st;
        });
        FxErrorGuard.expectUncaught(IllegalStateException.class, "progress listener fails at", 3);
        FxErrorGuard.expectUncaught(IllegalStateException.class, "message listener fails at from a worker", 1);
        FxErrorGuard.expectUncaught(IllegalStateException.class, "state listener fails at SUCCEEDED", 1);
        waitUntilFx("the message arrived", () -> s.getMessage().equals("from a worker"));
        assertEquals(1.0, onFx(s::getProgress), "every progress change was applied");
        runFx(() -> gate.setResult(null));
        assertEquals("result", s.task().get(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the task went on");
        waitUntilFx("done", () -> !s.isRunning());
        assertEquals("SUCCEEDED result", onFx(() -> s.getState() + " " + s.getValue()));
        assertEquals(List.of(Worker.State.SCHEDULED, Worker.State.RUNNING, Worker.State.SUCCEEDED), seen,
                "the other listener of the state saw every change");
        assertLoopStillRuns();
    }

    @Test
    void listenersThatThrowErrorsAreReportedOnceEachAndTheWorkerStaysConsistent() throws Exception {
        // JavaFX passes a listener's Exception to the uncaught-exception handler itself, but lets an Error through:
        // out of the body's updateProgress (which would fail the task), and out of the done callback that shows the
        // end (which would leave running true beside a final state). FxTaskState sends those to the same handler.
        FxTaskState<String> s = onFx(() -> {
            FxTaskState<String> st = FxTaskState.create("errors", state -> {
                state.updateProgress(1, 2);
                Async.yieldNow();
                throw new java.io.IOException("the body's own failure");
            });
            st.progressProperty().addListener((o, a, b) -> {
                throw new AssertionError("progress listener error at " + b);
            });
            st.exceptionProperty().addListener((o, a, b) -> {
                throw new StackOverflowError("exception listener error");
            });
            st.start();
            return st;
        });
        FxErrorGuard.expectUncaught(AssertionError.class, "progress listener error at 0.5", 1);
        FxErrorGuard.expectUncaught(StackOverflowError.class, "exception listener error", 1);
        waitUntilFx("done", () -> s.task().isDone());
        waitUntilFx("not running", () -> !s.isRunning());
        assertEquals("FAILED the body's own failure", onFx(() -> s.getState() + " " + s.getException().getMessage()),
                "the task failed with its own exception, not the listener's");
        assertEquals(0.5, onFx(s::getProgress));
        assertLoopStillRuns();
    }

    private static void assertLoopStillRuns() throws Exception {
        assertEquals("alive", onFx(() -> FxEventLoop.get().createTask("after", () -> "alive")).get(TIMEOUT_SECONDS,
                TimeUnit.SECONDS));
    }
}
