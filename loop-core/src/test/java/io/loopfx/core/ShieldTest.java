package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

class ShieldTest extends VirtualClockFixture {

    @Test
    void cancellingTheAwaitingTaskLeavesTheInnerRunningAndItsValueAvailable() throws Exception {
        Task<String> inner = loop.createTask(after(s(5), "saved"));
        Task<String> caller = loop.createTask(() -> Async.await(Async.shield(inner)));
        loop.callLater(s(1), caller::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(caller));
        assertEquals(s(1).toNanos(), loop.time());
        assertFalse(inner.isDone());
        assertEquals("saved", loop.runUntilComplete(inner));
        assertEquals(s(5).toNanos(), loop.time());
    }

    @Test
    void cancellingTheOuterFutureDoesNotCancelTheInner() throws Exception {
        Task<String> inner = loop.createTask(after(s(2), "v"));
        LoopFuture<String> outer = Async.shield(inner);
        assertTrue(outer.cancel());
        assertEquals("v", loop.runUntilComplete(inner));
        assertTrue(outer.isCancelled());
    }

    @Test
    void passesValueFailureAndCancellationThrough() throws Exception {
        IOException boom = new IOException("boom");
        Task<String> ok = loop.createTask(after(s(1), "ok"));
        Task<String> bad = loop.createTask(failAfter(s(1), boom));
        Task<String> cancelled = loop.createTask(after(s(9), "x"));
        loop.callLater(s(1), cancelled::cancel);
        loop.runUntilComplete(() -> {
            assertEquals("ok", Async.await(Async.shield(ok)));
            assertSame(boom, assertThrows(IOException.class, () -> Async.await(Async.shield(bad))));
            assertThrows(CancellationException.class, () -> Async.await(Async.shield(cancelled)));
            return null;
        });
    }

    @Test
    void aDoneFutureIsReturnedAsItIs() {
        LoopFuture<String> f = loop.createFuture();
        f.setResult("x");
        assertSame(f, Async.shield(f));
    }

    @Test
    void waitForOnAShieldedTaskTimesOutWithoutCancellingIt() throws Exception {
        Task<String> inner = loop.createTask(after(s(10), "late"));
        loop.runUntilComplete(() -> {
            assertThrows(TimeoutException.class, () -> Async.waitFor(Async.shield(inner), Duration.ofSeconds(1)));
            return null;
        });
        assertFalse(inner.isDone());
        assertEquals("late", loop.runUntilComplete(inner));
    }
}
