package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

/** Task.cancel: asyncio semantics. */
class CancellationTest {

    @Test
    void cancelThrowsAtTheAwaitAndRunsFinallyOnTheLoopThread() throws Exception {
        List<String> log = new ArrayList<>();
        Thread[] finallyThread = new Thread[1];
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<Void> t = loop.createTask("sleeper", () -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    log.add("woke");
                } finally {
                    finallyThread[0] = Thread.currentThread();
                    log.add("finally");
                }
                return null;
            });
            loop.callLater(Duration.ofSeconds(1), () -> assertTrue(t.cancel()));
            CancellationException e = assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertTrue(e.getMessage().contains("sleeper"), e.getMessage());
            assertEquals(List.of("finally"), log);
            assertSame(Thread.currentThread(), finallyThread[0]);
            assertTrue(t.isCancelled());
            assertFalse(t.cancel(), "cancel() is false once done");
            assertEquals(Duration.ofSeconds(1).toNanos(), loop.time(), "cancelled at once, not after the hour");
        }
    }

    @Test
    void aTaskThatCatchesTheCancellationCarriesOnAndIsNotCancelled() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<String> t = loop.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                } catch (CancellationException e) {
                    Async.sleep(Duration.ofSeconds(2)); // still usable
                    return "survived";
                }
                return "slept";
            });
            loop.callLater(Duration.ofSeconds(1), t::cancel);
            assertEquals("survived", loop.runUntilComplete(t));
            assertFalse(t.isCancelled());
            assertEquals(Duration.ofSeconds(3).toNanos(), loop.time());
        }
    }

    @Test
    void cancellingATaskCancelsTheTaskItAwaits() throws Exception {
        List<String> log = new ArrayList<>();
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<String> inner = loop.createTask("inner", () -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return "inner done";
                } finally {
                    log.add("inner finally");
                }
            });
            Task<String> outer = loop.createTask("outer", () -> {
                try {
                    return Async.await(inner);
                } finally {
                    log.add("outer finally");
                }
            });
            loop.callLater(Duration.ofSeconds(1), outer::cancel);
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(outer));
            assertTrue(inner.isCancelled());
            assertEquals(List.of("inner finally", "outer finally"), log);
        }
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRunsItsBody() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            boolean[] ran = {false};
            Task<Void> t = loop.createTask(() -> {
                ran[0] = true;
                return null;
            });
            assertTrue(t.cancel());
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertFalse(ran[0]);
        }
    }

    @Test
    void aTaskCancellingItselfIsInterruptedAtItsNextAwait() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<String> t = loop.createTask(() -> {
                Async.currentTask().cancel();
                Async.sleep(Duration.ofHours(1));
                return "not reached";
            });
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertEquals(0, loop.time(), "the sleep was cut short at once");
        }
    }

    @Test
    void cancelDuringYieldNowThrowsOnResume() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> log = new ArrayList<>();
            Task<Void> t = loop.createTask(() -> {
                try {
                    while (true) Async.yieldNow();
                } finally {
                    log.add("finally");
                }
            });
            loop.callSoon(() -> loop.callSoon(t::cancel));
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertEquals(List.of("finally"), log);
        }
    }

    @Test
    void uncancelWithdrawsARequestAndCancellingCountsThem() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<String> t = loop.createTask(() -> {
                Task<?> me = Async.currentTask();
                me.cancel();
                me.cancel();
                int requested = me.cancelling();
                me.uncancel();
                me.uncancel();
                Async.sleep(Duration.ofSeconds(1)); // no cancellation left
                return requested + "/" + me.cancelling();
            });
            assertEquals("2/0", loop.runUntilComplete(t));
        }
    }

    @Test
    void cancellingAFutureWakesItsAwaiterWithCancellation() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> f = loop.createFuture();
            loop.callLater(Duration.ofSeconds(1), () -> f.cancel("no longer needed"));
            CancellationException e = assertThrows(CancellationException.class, () -> loop.runUntilComplete(() -> Async.await(f)));
            assertEquals("no longer needed", e.getMessage());
        }
    }
}
