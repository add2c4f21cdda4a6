package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

class AsCompletedTest extends VirtualClockFixture {

    @Test
    void yieldsOutcomesInCompletionOrder() throws Exception {
        List<String> r = loop.runUntilComplete(() -> {
            List<Task<String>> ts = List.of(
                    loop.createTask(after(s(3), "slow")),
                    loop.createTask(after(s(1), "fast")),
                    loop.createTask(after(s(2), "medium")));
            List<String> seen = new ArrayList<>();
            for (LoopFuture<String> next : Async.asCompleted(ts)) {
                seen.add(Async.await(next) + "@" + loop.time() / 1_000_000_000L);
            }
            return seen;
        });
        assertEquals(List.of("fast@1", "medium@2", "slow@3"), r);
    }

    @Test
    void aFailureIsThrownAtItsPlaceInTheOrder() throws Exception {
        IOException boom = new IOException("boom");
        List<String> r = loop.runUntilComplete(() -> {
            List<Task<String>> ts = List.of(loop.createTask(after(s(2), "ok")), loop.createTask(failAfter(s(1), boom)));
            List<String> seen = new ArrayList<>();
            for (LoopFuture<String> next : Async.asCompleted(ts)) {
                try {
                    seen.add(Async.await(next));
                } catch (IOException e) {
                    seen.add("failed: " + e.getMessage());
                }
            }
            return seen;
        });
        assertEquals(List.of("failed: boom", "ok"), r);
    }

    @Test
    void afterTheTimeoutTheRestFailWithTimeoutAndTheInputsKeepRunning() throws Exception {
        Task<String> slow = loop.createTask(after(s(10), "slow"));
        List<String> r = loop.runUntilComplete(() -> {
            Task<String> fast = loop.createTask(after(s(1), "fast"));
            List<String> seen = new ArrayList<>();
            for (LoopFuture<String> next : Async.asCompleted(List.of(slow, fast), s(2))) {
                try {
                    seen.add(Async.await(next) + "@" + loop.time() / 1_000_000_000L);
                } catch (TimeoutException e) {
                    seen.add("timeout@" + loop.time() / 1_000_000_000L);
                }
            }
            return seen;
        });
        assertEquals(List.of("fast@1", "timeout@2"), r);
        assertFalse(slow.isDone());
        assertEquals("slow", loop.runUntilComplete(slow));
    }

    @Test
    void handsOutOneFuturePerDistinctInputThenStops() throws Exception {
        Task<String> a = loop.createTask(after(s(1), "a"));
        var it = Async.<String>asCompleted(List.of(a, a)).iterator();
        LoopFuture<String> only = it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertEquals("a", loop.runUntilComplete(only));
        assertFalse(Async.<String>asCompleted(List.of()).iterator().hasNext());
    }
}
