package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

class GatherTest extends VirtualClockFixture {

    @Test
    void resultsComeInInputOrderWhenChildrenFinishInReverse() throws Exception {
        List<String> finished = new ArrayList<>();
        List<String> r = loop.runUntilComplete(() -> {
            List<Task<String>> ts = List.of(
                    loop.createTask(loggedSleep(s(3), "a", finished)),
                    loop.createTask(loggedSleep(s(2), "b", finished)),
                    loop.createTask(loggedSleep(s(1), "c", finished)));
            return Async.gather(ts);
        });
        assertEquals(List.of("a", "b", "c"), r);
        assertEquals(List.of("c done", "c finally", "b done", "b finally", "a done", "a finally"), finished);
        assertEquals(s(3).toNanos(), loop.time());
    }

    @Test
    void acceptsPlainFuturesRepeatsAndAnEmptyList() throws Exception {
        List<Object> r = loop.runUntilComplete(() -> {
            LoopFuture<Integer> f = loop.createFuture();
            loop.callLater(s(1), () -> f.setResult(7));
            Task<String> t = loop.createTask(after(s(2), "t"));
            assertEquals(List.of(), Async.gather(List.<LoopFuture<String>>of()));
            return Async.<Object>gather(List.of(f, t, f));
        });
        assertEquals(List.of(7, "t", 7), r);
    }

    @Test
    void firstFailurePropagatesUnchangedAndTheOthersKeepRunning() throws Exception {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        Task<String> slow = loop.createTask(loggedSleep(s(5), "slow", log));
        Task<Object> caller = loop.createTask(() -> {
            try {
                return Async.gather(List.of(slow, loop.createTask(failAfter(s(1), boom))));
            } catch (IOException e) {
                assertSame(boom, e);
                assertEquals(s(1).toNanos(), loop.time());
                assertFalse(slow.isDone());
                return "caught";
            }
        });
        assertEquals("caught", loop.runUntilComplete(caller));
        assertEquals("slow", loop.runUntilComplete(slow)); // not cancelled: asyncio's return_exceptions=False
        assertEquals(List.of("slow done", "slow finally"), log);
    }

    @Test
    void aChildCancelledByOthersMakesGatherThrowCancellation() {
        Task<String> victim = loop.createTask(after(s(10), "v"));
        loop.callLater(s(1), victim::cancel);
        Task<String> other = loop.createTask(after(s(2), "w"));
        Task<List<String>> caller = loop.createTask(() -> Async.gather(List.of(victim, other)));
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(caller));
        assertEquals(s(1).toNanos(), loop.time());
        assertFalse(other.isDone());
        assertDoesNotThrow(() -> loop.runUntilComplete(other));
    }

    @Test
    void cancellingTheCallerCancelsEveryChildAndWaitsForTheirFinally() {
        List<String> log = new ArrayList<>();
        List<Task<String>> children = new ArrayList<>();
        Task<Void> caller = loop.createTask(() -> {
            children.add(loop.createTask(loggedSleep(s(3600), "x", log)));
            children.add(loop.createTask(loggedSleep(s(7200), "y", log)));
            try {
                Async.gather(children);
            } finally {
                log.add("caller finally, children done=" + children.stream().allMatch(Task::isDone));
            }
            return null;
        });
        loop.callLater(s(1), caller::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(caller));
        assertTrue(caller.isCancelled());
        assertTrue(children.stream().allMatch(Task::isCancelled));
        assertEquals(List.of("x finally", "y finally", "caller finally, children done=true"), log);
        assertEquals(s(1).toNanos(), loop.time());
    }

    @Test
    void settledVariantReportsEveryOutcomeInOrder() throws Exception {
        IOException boom = new IOException("boom");
        List<Outcome<String>> r = loop.runUntilComplete(() -> {
            Task<String> ok = loop.createTask(after(s(3), "ok"));
            Task<String> bad = loop.createTask(failAfter(s(1), boom));
            Task<String> cancelled = loop.createTask(after(s(10), "never"));
            loop.callLater(s(2), cancelled::cancel);
            return Async.gatherSettled(List.of(ok, bad, cancelled));
        });
        assertEquals(new Outcome.Success<>("ok"), r.get(0));
        assertEquals(new Outcome.Failure<>(boom), r.get(1));
        assertInstanceOf(Outcome.Failure.class, r.get(2));
        assertTrue(((Outcome.Failure<String>) r.get(2)).isCancelled());
        assertThrows(IOException.class, r.get(1)::getOrThrow);
        assertEquals(s(3).toNanos(), loop.time()); // waited for all, despite the failure
    }

    @Test
    void settledVariantStillCancelsChildrenWhenTheCallerIsCancelled() {
        List<Task<String>> children = new ArrayList<>();
        Task<List<Outcome<String>>> caller = loop.createTask(() -> {
            children.add(loop.createTask(after(s(100), "a")));
            return Async.gatherSettled(children);
        });
        loop.callLater(s(1), caller::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(caller));
        assertTrue(children.get(0).isCancelled());
    }

    @Test
    void badCallsFailClearly() throws Exception {
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> Async.gather(List.of()));
        assertTrue(outside.getMessage().contains("gather"), outside.getMessage());
        try (EventLoop other = EventLoop.withVirtualClock()) {
            LoopFuture<String> foreign = other.createFuture();
            loop.runUntilComplete(() -> {
                List<LoopFuture<String>> withNull = new ArrayList<>();
                withNull.add(null);
                NullPointerException npe = assertThrows(NullPointerException.class, () -> Async.gather(withNull));
                assertTrue(npe.getMessage().contains("futures[0]"), npe.getMessage());
                IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> Async.gather(List.of(foreign)));
                assertTrue(iae.getMessage().contains("another event loop"), iae.getMessage());
                return null;
            });
        }
    }
}
