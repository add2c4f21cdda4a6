package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.core.TaskGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The FX side of the outside review's defects (issue 10), one test each, named for the behaviour that failed. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard: several defects were hangs
class FxCorrectnessRegressionTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    // 2: runUntilComplete from a handler while another callback is ready in the same iteration.
    @Test
    void runUntilCompleteInACallbackWithAnotherCallbackReadyRaisesNothingAndLosesNothing() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        List<ErrorContext> errors = captureErrors(loop);
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> end = new CompletableFuture<>();
        runFx(() -> {
            LoopFuture<String> inner = loop.createFuture();
            loop.callSoon(() -> {
                try {
                    log.add("nested " + loop.runUntilComplete(inner));
                } catch (Exception e) {
                    end.completeExceptionally(e);
                }
            });
            loop.callSoon(() -> log.add("second"));
            loop.callSoon(() -> inner.setResult("done"));
            loop.callSoon(() -> loop.callLater(Duration.ofMillis(1), () -> {
                log.add("timer after");
                end.complete(null);
            }));
        });
        end.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("second", "nested done", "timer after"), log);
        assertEquals(List.of(), errors);
    }

    // 8: shutdown() from a task of the FX loop (a quit handler written as a task).
    @Test
    void shutdownFromATaskOfTheLoopNeitherWaitsForItselfNorReportsIt() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        List<ErrorContext> errors = captureErrors(loop);
        loop.setShutdownGrace(Duration.ofSeconds(30)); // a wait for itself would take all of it
        List<String> log = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        Task<Void> quit = onFx(() -> {
            loop.createTask("other", () -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                } finally {
                    log.add("other finally");
                }
                return null;
            });
            return loop.createTask("quit handler", () -> {
                try {
                    Async.yieldNow();
                    loop.shutdown();
                    log.add("shutdown returned");
                    Async.sleep(Duration.ofMillis(1));       // cancelled: the caller is cancelled like every task
                    log.add("not reached");
                } finally {
                    log.add("quit finally");
                    Async.yieldNow();                        // the loop still runs the caller's finally
                    log.add("quit finally after an await");
                }
                return null;
            });
        });
        waitUntilFx("closed", loop::isClosed);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(onFx(quit::isCancelled));
        assertEquals(List.of("other finally", "shutdown returned", "quit finally", "quit finally after an await"), log);
        assertTrue(errors.stream().noneMatch(c -> c.message().contains("did not finish")), errors.toString());
        assertTrue(tookMs < 30_000, "shutdown did not wait the grace period for its own caller: " + tookMs + " ms");
    }

    // 9: debug-mode thread checks on the FX loop, which runs from slices, not from a runForever frame.
    @Test
    void inDebugModeLoopOnlyCallsFromAWorkerThreadAreRefused() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        loop.setDebug(true);
        try {
            LoopFuture<String> f = onFx(loop::createFuture);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.setResult("worker"));
            assertTrue(e.getMessage().contains("JavaFX Application Thread"), e.getMessage());
            TaskGroup[] group = new TaskGroup[1];
            LoopFuture<Void> release = onFx(loop::createFuture);
            CompletableFuture<Void> groupDone = loop.submit(() -> TaskGroup.run(g -> {
                group[0] = g;
                Async.await(release);
                return null;
            }));
            waitUntilFx("group open", () -> group[0] != null);
            e = assertThrows(IllegalStateException.class, () -> group[0].createTask(() -> null));
            assertTrue(e.getMessage().contains("TaskGroup.createTask"), e.getMessage());
            assertTrue(f.cancel(true), "cancel is a Future method: safe from any thread");
            runFx(() -> release.setResult(null));
            groupDone.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(f.isCancelled());
        } finally {
            loop.setDebug(false);
        }
    }

    // 12: an off-thread runUntilComplete whose registration races shutdown(): the wait is the core's now, so the
    // race is pinned in loop-core (CorrectnessRegressionTest, on a loop its host runs by itself).

    @Test
    void anOffThreadRunForeverAfterShutdownReturnsInsteadOfBlocking() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        loop.shutdown();
        CompletableFuture<Void> forever = CompletableFuture.runAsync(() -> {
            try {
                loop.runForever();
            } catch (IllegalStateException shutDown) {
                // refused up front: also fine
            }
        });
        forever.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    // 13 on the FX loop: cancel(true) from a worker while the FX thread runs the loop.
    @Test
    void cancellingFromAWorkerWhileTheFxThreadIsBusyLosesNoCallback() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        List<ErrorContext> errors = captureErrors(loop);
        int n = 2_000;
        List<LoopFuture<Integer>> futures = onFx(() -> {
            List<LoopFuture<Integer>> list = new ArrayList<>();
            for (int i = 0; i < n; i++) list.add(loop.createFuture());
            return list;
        });
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < n; i += 2) futures.get(i).cancel(true);
        });
        for (int i = 0; i < n; i++) {
            int k = i;
            loop.callSoonThreadsafe(() -> {
                if (!futures.get(k).isDone()) futures.get(k).setResult(k);
                ran.add(k);
            });
        }
        worker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        waitUntilFx("all callbacks ran", () -> ran.size() == n);
        for (int i = 0; i < n; i++) {
            LoopFuture<Integer> f = futures.get(i);
            assertTrue(f.isDone());
            if (i % 2 == 1) assertEquals(i, onFx(f::result));
        }
        assertEquals(List.of(), errors);
    }
}
