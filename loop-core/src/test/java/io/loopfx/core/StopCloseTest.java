package io.loopfx.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** stop() and restart, running a loop twice, closing, and what a closed loop says. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StopCloseTest {

    @Test
    void stopFinishesTheCurrentIterationButNotWhatItSchedules() {
        List<ErrorContext> reports = new ArrayList<>();
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
            List<String> ran = new ArrayList<>();
            loop.callSoon(() -> {
                ran.add("a: stops");
                loop.stop();
                loop.callSoon(() -> ran.add("c: scheduled by a"));
            });
            loop.callSoon(() -> ran.add("b: already scheduled"));
            loop.runForever();
            assertEquals(List.of("a: stops", "b: already scheduled"), ran);
            assertFalse(loop.isRunning());
        }
        assertEquals(1, reports.size(), "closing drops c, and says so");
        assertTrue(reports.get(0).message().contains("1 callback(s) accepted but not run"), reports.get(0).message());
    }

    @Test
    void runForeverCanBeCalledAgainAfterStopAndPicksUpWhereItLeft() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> ran = new ArrayList<>();
            loop.callSoon(() -> {
                loop.stop();
                loop.callSoon(() -> {
                    ran.add("second run");
                    loop.stop();
                });
            });
            loop.runForever();
            assertEquals(List.of(), ran);
            loop.runForever();
            assertEquals(List.of("second run"), ran);
            loop.callLater(Duration.ofSeconds(1), () -> {
                ran.add("third run, a timer");
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of("second run", "third run, a timer"), ran);
        }
    }

    @Test
    void stopBeforeRunForeverRunsExactlyOneIteration() {
        try (EventLoop loop = EventLoop.create()) {
            List<String> ran = new ArrayList<>();
            loop.callSoon(() -> {
                ran.add("ready before");
                loop.callSoon(() -> ran.add("next iteration"));
            });
            loop.stop();
            loop.runForever();
            assertEquals(List.of("ready before"), ran);
            loop.stop();
            loop.runForever();
            assertEquals(List.of("ready before", "next iteration"), ran);
        }
    }

    @Test
    void stopFromAnotherThreadEndsAParkedLoop() throws Exception {
        EventLoop loop = EventLoop.create();
        LoopThread lt = new LoopThread(loop);
        lt.awaitParked();
        loop.stop();
        lt.thread.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(lt.thread.isAlive(), "stop() from another thread did not wake the parked loop");
        lt.close();
    }

    private static IllegalStateException thrownInACallback(EventLoop loop, Consumer<EventLoop> action) {
        IllegalStateException[] caught = new IllegalStateException[1];
        loop.callSoon(() -> {
            try {
                action.accept(loop);
            } catch (IllegalStateException e) {
                caught[0] = e;
            }
            loop.stop();
        });
        loop.runForever();
        assertNotNull(caught[0], "expected an IllegalStateException");
        return caught[0];
    }

    @Test
    void runningARunningLoopFromOneOfItsCallbacksSaysItIsAlreadyRunning() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            IllegalStateException e = thrownInACallback(loop, EventLoop::runForever);
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            LoopFuture<String> f = loop.createFuture();
            e = thrownInACallback(loop, l -> {
                try {
                    l.runUntilComplete(f);
                } catch (IllegalStateException ise) {
                    throw ise;
                } catch (Exception other) {
                    fail(other);
                }
            });
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertFalse(loop.isRunning());
        }
    }

    @Test
    void runningARunningLoopFromATaskSaysItIsAlreadyRunning() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            IllegalStateException e = loop.runUntilComplete(() -> {
                try {
                    EventLoop.current().runForever();
                    return null;
                } catch (IllegalStateException ex) {
                    return ex;
                }
            });
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
        }
    }

    @Test
    void runningARunningLoopFromAnotherThreadSaysItIsAlreadyRunningAndLeavesItRunning() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            lt.call(() -> null);
            IllegalStateException e = assertThrows(IllegalStateException.class, lt.loop::runForever);
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertTrue(e.getMessage().contains("test-loop"), "names the thread it runs in: " + e.getMessage());
            CompletableFuture<String> f = new CompletableFuture<>();
            e = assertThrows(IllegalStateException.class, () -> lt.loop.runUntilComplete(lt.loop.wrap(f)));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertEquals("still serving", lt.call(() -> "still serving"));
        }
    }

    @Test
    void closingARunningLoopThrowsAndLeavesItRunning() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            IllegalStateException e = thrownInACallback(loop, EventLoop::close);
            assertTrue(e.getMessage().contains("running"), e.getMessage());
            assertFalse(loop.isClosed());
        }
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            lt.call(() -> null);
            IllegalStateException e = assertThrows(IllegalStateException.class, lt.loop::close);
            assertTrue(e.getMessage().contains("running"), e.getMessage());
            assertFalse(lt.loop.isClosed());
            assertEquals("still serving", lt.call(() -> "still serving"));
        }
    }

    @Test
    void afterCloseEverySchedulingCallSaysTheLoopIsClosed() {
        EventLoop loop = EventLoop.withVirtualClock();
        List<String> ran = new ArrayList<>();
        List<ErrorContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Handle dropped = loop.callSoon(() -> ran.add("dropped by close"));
        loop.close();
        assertTrue(dropped.isCancelled());
        assertEquals(1, reports.size(), "close() reports the callback it dropped: " + reports);
        assertTrue(reports.get(0).message().contains("1 callback(s) accepted but not run"), reports.get(0).message());
        assertTrue(loop.isClosed());
        assertFalse(loop.isRunning());
        loop.close(); // closing twice does nothing
        Runnable noop = () -> { };
        List<org.junit.jupiter.api.function.Executable> calls = List.of(
                () -> loop.callSoon(noop),
                () -> loop.callSoonThreadsafe(noop),
                () -> loop.execute(noop),
                () -> loop.callLater(Duration.ofSeconds(1), noop),
                () -> loop.callAt(0, noop),
                loop::createFuture,
                () -> loop.createTask(() -> null),
                loop::runForever,
                () -> loop.runUntilComplete(() -> null));
        for (var call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        assertEquals(List.of(), ran);
    }

    @Test
    void isRunningIsTrueOnlyWhileTheLoopRuns() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            boolean[] inside = new boolean[1];
            assertFalse(loop.isRunning());
            loop.callSoon(() -> {
                inside[0] = loop.isRunning();
                loop.stop();
            });
            loop.runForever();
            assertTrue(inside[0]);
            assertFalse(loop.isRunning());
        }
    }
}
