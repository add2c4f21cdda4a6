package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.LoopFuture;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** runUntilComplete / runForever / stop on the FX loop: nested event loops. */
class FxNestingTest {
    private FxEventLoop loop;

    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @AfterEach
    void noFrameLeftOpen() throws Exception {
        if (loop != null) {
            waitUntilFx("all nested calls returned", () -> loop.nestingDepth() == 0);
            runFx(() -> loop.setHoldUpListener(null));
            loop.setExceptionHandler(null);
        }
    }

    private static <T> T get(CompletableFuture<T> cf) throws Exception {
        return cf.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> cf) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void runUntilCompleteInAHandlerKeepsTheWindowLiveAndOtherTasksRunning() throws Exception {
        loop = FxEventLoop.get();
        AtomicInteger ticks = new AtomicInteger();
        LoopFuture<String> f = onFx(loop::createFuture);
        runFx(() -> loop.createTask("ticker", () -> {
            while (!f.isDone()) {
                ticks.incrementAndGet();
                Async.sleep(Duration.ofMillis(2));
            }
            return null;
        }));
        CompletableFuture<String> result = onFxAsync(() -> loop.runUntilComplete(f));
        waitUntilFx("nested call open", () -> loop.nestingDepth() == 1);
        int before = ticks.get();
        waitUntilFx("ticker ticks while runUntilComplete blocks a handler", () -> ticks.get() >= before + 5);
        // plain FX work (runLater = input, rendering) is served meanwhile: onFx itself proves it
        assertEquals("pulse", onFx(() -> "pulse"));
        assertFalse(result.isDone());
        runFx(() -> f.setResult("done"));
        assertEquals("done", get(result));
    }

    @Test
    void nestedCallsCompletingOutOfOrderReturnInnerFirstAndRecordTheHoldUp() throws Exception {
        loop = FxEventLoop.get();
        List<NestedLoopHoldUp> holdUps = new CopyOnWriteArrayList<>();
        runFx(() -> loop.setHoldUpListener(holdUps::add));
        LoopFuture<String> outerF = onFx(loop::createFuture);
        LoopFuture<String> innerF = onFx(loop::createFuture);
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> outer = onFxAsync(() -> {
            loop.callSoon(() -> {
                try {
                    log.add("inner returned " + loop.runUntilComplete(innerF));
                } catch (Exception e) {
                    log.add("inner failed " + e);
                }
            });
            String r = loop.runUntilComplete(outerF);
            log.add("outer returned " + r);
            return r;
        });
        waitUntilFx("two nested calls open", () -> loop.nestingDepth() == 2);
        runFx(() -> outerF.setResult("one"));
        for (int i = 0; i < 20; i++) runFx(() -> { }); // many slices and dispatches pass
        assertEquals(List.of(), log, "the outer call returned while the inner one was open");
        assertEquals(2, (int) onFx(loop::nestingDepth));
        runFx(() -> innerF.setResult("two"));
        assertEquals("one", get(outer));
        assertEquals(List.of("inner returned two", "outer returned one"), log);
        assertEquals(1, holdUps.size(), holdUps.toString());
        NestedLoopHoldUp h = holdUps.getFirst();
        assertTrue(h.frame().contains("one") || h.frame().contains("runUntilComplete"), h.toString());
        assertTrue(h.heldBy().startsWith("runUntilComplete(LoopFuture"), h.toString());
        assertTrue(h.heldFor().toNanos() > 0, h.toString());
    }

    @Test
    void aDialogsNestedLoopHoldingUpACallIsRecordedAsForeign() throws Exception {
        loop = FxEventLoop.get();
        List<NestedLoopHoldUp> holdUps = new CopyOnWriteArrayList<>();
        runFx(() -> loop.setHoldUpListener(holdUps::add));
        LoopFuture<String> f = onFx(loop::createFuture);
        Object key = new Object();
        CompletableFuture<String> outer = onFxAsync(() -> {
            loop.callSoon(() -> Platform.enterNestedEventLoop(key)); // stands in for showAndWait
            return loop.runUntilComplete(f);
        });
        waitUntilFx("foreign nested loop open", Platform::isNestedLoopRunning);
        waitUntilFx("our call open", () -> loop.nestingDepth() == 1);
        runFx(() -> f.setResult("x"));
        for (int i = 0; i < 5; i++) runFx(() -> { });
        assertFalse(outer.isDone());
        runFx(() -> Platform.exitNestedEventLoop(key, null));
        assertEquals("x", get(outer));
        assertEquals(1, holdUps.size());
        assertTrue(holdUps.getFirst().heldBy().contains("does not run"), holdUps.toString());
    }

    @Test
    void runUntilCompleteInsideATaskIsRefusedNamingAwait() throws Exception {
        loop = FxEventLoop.get();
        CompletableFuture<Object> r = loop.submit(() -> loop.runUntilComplete(loop.createFuture()));
        Throwable e = failure(r);
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("Async.await"), e.getMessage());
    }

    @Test
    void runUntilCompleteDuringAPulseIsRefusedNamingCreateTask() throws Exception {
        loop = FxEventLoop.get();
        Throwable e = callDuringAPulse(() -> loop.runUntilComplete(loop.createFuture()));
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("createTask"), e.getMessage());
        assertTrue(e.getMessage().contains("pulse"), e.getMessage());
    }

    @Test
    void theNestingCapRefusesOneCallTooManyNamingCreateTask() throws Exception {
        loop = FxEventLoop.get();
        Throwable refused = callBeyondTheNestingCap(loop);
        assertInstanceOf(IllegalStateException.class, refused, "the call beyond the cap was not refused");
        assertTrue(refused.getMessage().contains("createTask"), refused.getMessage());
    }

    @Test
    void fromAnotherThreadTheCallerBlocksWhileTheFxThreadDoesTheWork() throws Exception {
        loop = FxEventLoop.get();
        String where = loop.runUntilComplete(() -> {
            Async.sleep(Duration.ofMillis(2));
            return Platform.isFxApplicationThread() ? "fx" : Thread.currentThread().getName();
        });
        assertEquals("fx", where);
        IOException io = new IOException("disk");
        IOException thrown = assertThrows(IOException.class, () -> loop.runUntilComplete(() -> {
            Async.yieldNow();
            throw io;
        }));
        assertSame(io, thrown, "the failure must come through unchanged");
        LoopFuture<Integer> f = onFx(loop::createFuture);
        new Thread(() -> loop.callSoonThreadsafe(() -> f.setResult(7))).start();
        assertEquals(7, loop.runUntilComplete(f));
    }

    @Test
    void backToBackCallsInOneHandlerDoNotJam() throws Exception {
        loop = FxEventLoop.get();
        CompletableFuture<Integer> r = onFxAsync(() -> {
            int sum = 0;
            for (int i = 0; i < 50; i++) {
                int n = i;
                sum += loop.runUntilComplete(() -> {
                    Async.sleep(Duration.ofMillis(1));
                    return n;
                });
                LoopFuture<Integer> ready = loop.createFuture();
                loop.callSoon(() -> ready.setResult(1));
                sum += loop.runUntilComplete(ready);
            }
            return sum;
        });
        assertEquals(49 * 50 / 2 + 50, get(r));
    }

    @Test
    void aCallMadeRightAfterTheInnermostLoopWasExitedRunsInPlaceInsteadOfJamming() throws Exception {
        loop = FxEventLoop.get();
        CompletableFuture<Integer> inner = new CompletableFuture<>();
        CompletableFuture<String> r = onFxAsync(() -> {
            loop.setAfterExitHook(() -> {
                try {
                    inner.complete(loop.runUntilComplete(() -> {
                        Async.sleep(Duration.ofMillis(3));
                        return 42;
                    }));
                } catch (Throwable t) {
                    inner.completeExceptionally(t);
                }
            });
            LoopFuture<String> f = loop.createFuture();
            loop.callSoon(() -> f.setResult("outer"));
            return loop.runUntilComplete(f);
        });
        assertEquals(42, get(inner));
        assertEquals("outer", get(r));
        // and the loop still works normally afterwards
        assertEquals("ok", get(onFxAsync(() -> loop.runUntilComplete(() -> {
            Async.sleep(Duration.ofMillis(1));
            return "ok";
        }))));
    }

    @Test
    void errorsInsideANestedCallGoToTheHandlerAndDoNotUnwindIt() throws Exception {
        loop = FxEventLoop.get();
        List<ErrorContext> errors = captureErrors(loop);
        LoopFuture<String> f = onFx(loop::createFuture);
        CompletableFuture<String> r = onFxAsync(() -> loop.runUntilComplete(f));
        waitUntilFx("nested call open", () -> loop.nestingDepth() == 1);
        runFx(() -> {
            loop.callSoon(() -> {
                throw new IllegalStateException("callback failed");
            });
            FxAsync.handler(e -> {
                throw new IOException("task failed");
            }).handle(new javafx.event.ActionEvent());
        });
        waitUntilFx("both errors reported", () -> errors.size() == 2);
        assertEquals(1, (int) onFx(loop::nestingDepth));
        assertFalse(r.isDone());
        runFx(() -> f.setResult("still fine"));
        assertEquals("still fine", get(r));
    }

    @Test
    void stopEndsOnlyTheInnermostRunForeverNeverARunUntilComplete() throws Exception {
        loop = FxEventLoop.get();
        List<String> log = new CopyOnWriteArrayList<>();
        LoopFuture<String> f = onFx(loop::createFuture);
        CompletableFuture<Void> forever = onFxAsync(() -> {
            loop.callSoon(() -> {
                try {
                    log.add("inner " + loop.runUntilComplete(f));
                } catch (Exception e) {
                    log.add("inner failed " + e);
                }
            });
            loop.runForever();
            log.add("runForever returned");
            return null;
        });
        waitUntilFx("runForever with a runUntilComplete inside", () -> loop.nestingDepth() == 2);
        loop.stop(); // from this (non-FX) thread
        for (int i = 0; i < 10; i++) runFx(() -> { });
        assertEquals(List.of(), log, "stop() ended the runUntilComplete or returned past it");
        assertEquals(2, (int) onFx(loop::nestingDepth));
        loop.stop(); // no runForever open any more: nothing happens
        runFx(() -> f.setResult("done"));
        get(forever);
        assertEquals(List.of("inner done", "runForever returned"), log);
    }

    @Test
    void stopWithoutRunForeverDoesNothingAndRunForeverOffTheFxThreadBlocksUntilStop() throws Exception {
        loop = FxEventLoop.get();
        loop.stop();
        assertTrue(loop.isRunning());
        assertEquals("still running", loop.submit(() -> "still running").get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        CountDownLatch returned = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            loop.runForever();
            returned.countDown();
        });
        t.start();
        while (t.getState() != Thread.State.WAITING) Thread.onSpinWait();
        assertEquals(1, returned.getCount());
        loop.stop();
        assertTrue(returned.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
}
