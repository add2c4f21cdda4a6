package io.loopfx.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

class WaitUntilTest extends VirtualClockFixture {
    private Task<String> t1, t2, t3;

    @BeforeEach
    void startThreeTasks() {
        t1 = loop.createTask(after(s(1), "one"));
        t2 = loop.createTask(after(s(2), "two"));
        t3 = loop.createTask(after(s(3), "three"));
    }

    @AfterEach
    void finishTheTasks() throws Exception {
        loop.runUntilComplete(() -> Async.gatherSettled(List.of(t1, t2, t3)));
    }

    private WaitResult<Task<String>> waitOnLoop(Coroutine<WaitResult<Task<String>>> body) throws Exception {
        return loop.runUntilComplete(body);
    }

    @Test
    void firstCompletedReturnsAtTheFirstOneAndCancelsNothing() throws Exception {
        WaitResult<Task<String>> r = waitOnLoop(() -> Async.waitUntil(List.of(t3, t1, t2), WaitMode.FIRST_COMPLETED));
        assertEquals(Set.of(t1), r.done());
        assertEquals(List.of(t3, t2), List.copyOf(r.pending()), "pending keeps the order given");
        assertEquals(s(1).toNanos(), loop.time());
        assertFalse(t2.isCancelled() || t3.isCancelled());
    }

    @Test
    void firstExceptionReturnsAtTheFirstFailure() throws Exception {
        t2.cancel();
        Task<String> bad = loop.createTask(failAfter(s(2), new IOException("boom")));
        Task<String> late = loop.createTask(after(s(5), "late"));
        WaitResult<Task<String>> r = waitOnLoop(() -> Async.waitUntil(List.of(t1, t2, bad, late), WaitMode.FIRST_EXCEPTION));
        assertEquals(List.of(t1, t2, bad), List.copyOf(r.done()), "a cancellation does not count as the exception");
        assertEquals(Set.of(late), r.pending());
        assertEquals(s(2).toNanos(), loop.time());
        assertInstanceOf(IOException.class, bad.exception());
        loop.runUntilComplete(late);
    }

    @Test
    void firstExceptionWithoutAFailureWaitsForAll() throws Exception {
        WaitResult<Task<String>> r = waitOnLoop(() -> Async.waitUntil(List.of(t1, t2, t3), WaitMode.FIRST_EXCEPTION));
        assertEquals(Set.of(t1, t2, t3), r.done());
        assertTrue(r.pending().isEmpty());
        assertEquals(s(3).toNanos(), loop.time());
    }

    @Test
    void allCompletedWaitsForAll() throws Exception {
        WaitResult<Task<String>> r = waitOnLoop(() -> Async.waitUntil(List.of(t1, t2, t3, t1), WaitMode.ALL_COMPLETED));
        assertEquals(List.of(t1, t2, t3), List.copyOf(r.done()), "repeats are dropped");
        assertEquals(s(3).toNanos(), loop.time());
    }

    @Test
    void aTimeoutReturnsWhatIsDoneAndLeavesTheRestRunning() throws Exception {
        WaitResult<Task<String>> r = waitOnLoop(() -> Async.waitUntil(List.of(t1, t2, t3), WaitMode.ALL_COMPLETED,
                java.time.Duration.ofMillis(1500)));
        assertEquals(Set.of(t1), r.done());
        assertEquals(Set.of(t2, t3), r.pending());
        assertEquals(java.time.Duration.ofMillis(1500).toNanos(), loop.time());
        assertEquals("three", loop.runUntilComplete(t3), "not cancelled by the timeout");
    }

    @Test
    void returnsAtOnceWhenAlreadySatisfiedOrWithAZeroTimeout() throws Exception {
        loop.runUntilComplete(t1);
        long t0 = loop.time();
        WaitResult<Task<String>> first = waitOnLoop(() -> Async.waitUntil(List.of(t1, t2), WaitMode.FIRST_COMPLETED));
        WaitResult<Task<String>> snapshot = waitOnLoop(() -> Async.waitUntil(List.of(t2, t3), WaitMode.ALL_COMPLETED,
                java.time.Duration.ZERO));
        assertEquals(t0, loop.time());
        assertEquals(Set.of(t1), first.done());
        assertEquals(Set.of(t2, t3), snapshot.pending());
    }

    @Test
    void cancellingTheCallerDoesNotCancelTheFutures() {
        Task<WaitResult<Task<String>>> caller = loop.createTask(() -> Async.waitUntil(List.of(t1, t2, t3), WaitMode.ALL_COMPLETED));
        loop.callLater(java.time.Duration.ofMillis(500), caller::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(caller));
        assertFalse(t1.isDone() || t2.isDone() || t3.isDone());
    }

    @Test
    void anEmptyCollectionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> waitOnLoop(() -> Async.waitUntil(List.of(), WaitMode.ALL_COMPLETED)));
        assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    }
}
