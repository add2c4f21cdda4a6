package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

class WaitForTest extends VirtualClockFixture {

    @Test
    void returnsTheValueWhenInTime() throws Exception {
        String r = loop.runUntilComplete(() -> Async.waitFor(loop.createTask(after(s(1), "v")), s(5)));
        assertEquals("v", r);
        assertEquals(s(1).toNanos(), loop.time());
    }

    @Test
    void rethrowsTheFailureUnchanged() {
        IOException boom = new IOException("boom");
        IOException e = assertThrows(IOException.class, () -> loop.runUntilComplete(
                () -> Async.waitFor(loop.createTask(failAfter(s(1), boom)), s(5))));
        assertSame(boom, e);
    }

    @Test
    void onTimeoutCancelsTheTaskAndWaitsUntilItsFinallyHasRun() throws Exception {
        List<String> log = new ArrayList<>();
        Task<String> inner = loop.createTask(() -> {
            try {
                Async.sleep(Duration.ofHours(1));
                return "never";
            } finally {
                Async.sleep(s(2)); // slow cleanup: waitFor must wait for it
                log.add("inner finally");
            }
        });
        String r = loop.runUntilComplete(() -> {
            try {
                return Async.waitFor(inner, s(1));
            } catch (TimeoutException e) {
                assertInstanceOf(CancellationException.class, e.getCause());
                return "timeout, inner cancelled=" + inner.isCancelled() + ", log=" + log;
            }
        });
        assertEquals("timeout, inner cancelled=true, log=[inner finally]", r);
        assertEquals(s(3).toNanos(), loop.time());
    }

    @Test
    void cancellingTheCallerCancelsTheAwaitedTask() {
        Task<String> inner = loop.createTask(after(Duration.ofHours(1), "never"));
        Task<String> caller = loop.createTask(() -> Async.waitFor(inner, Duration.ofHours(2)));
        loop.callLater(s(1), caller::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(caller));
        assertTrue(inner.isCancelled());
        assertEquals(1, caller.cancelling(), "the caller's own cancellation must be neither swallowed nor doubled");
    }

    @Test
    void aTaskThatCatchesTheCancellationAndReturnsAValueWins() throws Exception {
        Task<String> stubborn = loop.createTask(() -> {
            try {
                Async.sleep(Duration.ofHours(1));
                return "slept";
            } catch (CancellationException e) {
                return "caught it";
            }
        });
        assertEquals("caught it", loop.runUntilComplete(() -> Async.waitFor(stubborn, s(1))));
    }

    @Test
    void zeroTimeoutReturnsADoneValueAndCancelsAPendingFuture() throws Exception {
        LoopFuture<String> done = loop.createFuture();
        done.setResult("ready");
        LoopFuture<String> pending = loop.createFuture();
        loop.runUntilComplete(() -> {
            assertEquals("ready", Async.waitFor(done, Duration.ZERO));
            assertThrows(TimeoutException.class, () -> Async.waitFor(pending, Duration.ZERO));
            return null;
        });
        assertTrue(pending.isCancelled());
        assertEquals(0, loop.time());
    }

    @Test
    void afterATimeoutTheCallerIsNotLeftCancelled() throws Exception {
        String r = loop.runUntilComplete(() -> {
            assertThrows(TimeoutException.class, () -> Async.waitFor(loop.createTask(after(s(10), "x")), s(1)));
            assertEquals(0, Async.currentTask().cancelling());
            Async.sleep(s(1)); // would throw if a cancellation were still pending
            return "carried on";
        });
        assertEquals("carried on", r);
    }

    @Test
    void outsideATaskFailsClearly() {
        LoopFuture<String> f = loop.createFuture();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.waitFor(f, s(1)));
        assertTrue(e.getMessage().contains("waitFor"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Async.waitFor(f, null));
    }
}
