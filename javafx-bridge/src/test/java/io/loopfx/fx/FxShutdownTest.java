package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * FxEventLoop.shutdown() in the shared toolkit (the toolkit keeps running; get() then makes a new loop).
 * The toolkit's own exit paths run in child JVMs: {@link FxExitTest}.
 */
class FxShutdownTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void shutdownCancelsAThousandPendingTasksAndRunsEveryFinallyOnTheFxThread() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        AtomicInteger finallies = new AtomicInteger();
        AtomicInteger onFxThread = new AtomicInteger();
        runFx(() -> ExitScenario.startPendingTasks(loop, 1000, finallies, onFxThread));
        waitUntilFx("all tasks suspended", () -> loop.allTasks().stream().allMatch(t -> t.waitingOn() != null));
        loop.shutdown(); // from this (non-FX) thread: runs on the FX thread, waits
        assertEquals(1000, finallies.get());
        assertEquals(1000, onFxThread.get());
        assertTrue(loop.isClosed());
        assertFalse(loop.isRunning());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        FxEventLoop next = FxEventLoop.get();
        assertNotSame(loop, next, "while the toolkit runs, get() makes a new loop");
        assertEquals("fresh", next.submit(() -> "fresh").get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void tasksStillPendingAfterTheGracePeriodAreReportedByName() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        List<ErrorContext> errors = captureErrors(loop);
        loop.setShutdownGrace(Duration.ofMillis(100));
        LoopFuture<Void> never = onFx(loop::createFuture);
        LoopFuture<Void> neverEither = onFx(loop::createFuture);
        runFx(() -> loop.createTask("stubborn", () -> {
            try {
                Async.await(never);
            } finally {
                Async.await(neverEither); // cannot finish: nothing completes it
            }
            return null;
        }));
        waitUntilFx("suspended", () -> loop.allTasks().stream().allMatch(t -> t.waitingOn() != null));
        loop.shutdown();
        assertTrue(errors.stream().anyMatch(c -> c.message().contains("'stubborn'") && c.message().contains("grace")),
                errors.toString());
    }

    @Test
    void openRunUntilCompleteCallsEndWithAClearException() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        LoopFuture<String> never = onFx(loop::createFuture);
        CompletableFuture<String> onFxThread = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                onFxThread.complete(loop.runUntilComplete(() -> Async.await(never)));
            } catch (Throwable t) {
                onFxThread.completeExceptionally(t);
            }
        });
        CompletableFuture<String> offFxThread = CompletableFuture.supplyAsync(() -> {
            try {
                return loop.runUntilComplete(never);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        waitUntilFx("nested call open", () -> loop.nestingDepth() == 1);
        CompletableFuture<Void> forever = new CompletableFuture<>();
        Thread blocked = new Thread(() -> {
            loop.runForever();
            forever.complete(null);
        });
        blocked.start();
        while (blocked.getState() != Thread.State.WAITING) Thread.onSpinWait(); // parked in runForever
        Platform.runLater(loop::shutdown); // inside the nested loop
        ExecutionException e = assertThrows(ExecutionException.class, () -> onFxThread.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("exiting"), e.getCause().getMessage());
        e = assertThrows(ExecutionException.class, () -> offFxThread.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause()); // get() unwraps the CompletionException
        forever.get(TIMEOUT_SECONDS, TimeUnit.SECONDS); // runForever returns
        waitUntilFx("closed once unwound", loop::isClosed);
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> "late"));
    }

    @Test
    void closeIsRefusedWhileTheToolkitRunsTheLoopAndShutdownIsIdempotent() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        Task<Void> t = onFx(() -> loop.createTask(() -> {
            Async.sleep(Duration.ofHours(1));
            return null;
        }));
        // close() means the same on every loop: it does not cancel tasks, and a running loop cannot be closed.
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::close);
        assertTrue(e.getMessage().contains("shutdown()"), e.getMessage());
        assertFalse(onFx(t::isDone), "close() refused: the task is untouched");
        loop.shutdown();
        assertTrue(onFx(t::isCancelled));
        assertTrue(loop.isClosed());
        loop.shutdown(); // again: nothing happens
        loop.close(); // closed already: nothing happens
        assertThrows(IllegalArgumentException.class, () -> FxEventLoop.get().setShutdownGrace(Duration.ofSeconds(-1)));
    }
}
