package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The loop's own done callbacks that waitUntil, shield and asCompleted take back when they end are really taken
 * back. (They were registered wrapped and removed unwrapped, so the removal found nothing: a long-lived future
 * that took part in many waits kept a callback for each, and ran them all when it completed.)
 */
class OwnCallbackRemovalTest extends VirtualClockFixture {
    private static final int ROUNDS = 1000;

    /** Runs {@code round} ROUNDS times against one long-lived future, completes it, and counts what that scheduled. */
    private int callbacksScheduledByCompleting(Consumer<LoopFuture<String>> round) throws Exception {
        return loop.runUntilComplete(() -> {
            LoopFuture<String> longLived = loop.createFuture();
            for (int i = 0; i < ROUNDS; i++) round.accept(longLived);
            Async.sleep(Duration.ofHours(1)); // every wait, shield and timeout of the rounds has ended
            int before = loop.stats().readyCallbacks();
            longLived.setResult("at last");
            return loop.stats().readyCallbacks() - before;
        });
    }

    /** A future completed by a callback soon: a wait on it really waits (one already done would return at once). */
    private static LoopFuture<String> soon(EventLoop loop) {
        LoopFuture<String> f = loop.createFuture();
        loop.callSoon(() -> f.setResult("soon"));
        return f;
    }

    @Test
    void waitUntilTakesItsCallbacksBack() throws Exception {
        assertEquals(0, callbacksScheduledByCompleting(longLived -> {
            try {
                WaitResult<LoopFuture<String>> r = Async.waitUntil(List.of(longLived, soon(loop)), WaitMode.FIRST_COMPLETED, Duration.ofMinutes(1));
                assertEquals(1, r.done().size());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    void aCancelledShieldTakesItsCallbackBack() throws Exception {
        assertEquals(0, callbacksScheduledByCompleting(longLived -> assertTrue(Async.shield(longLived).cancel())));
    }

    @Test
    void asCompletedTakesItsCallbacksBackWhenItTimesOut() throws Exception {
        assertEquals(0, callbacksScheduledByCompleting(longLived -> Async.asCompleted(List.of(longLived), Duration.ofSeconds(1))));
    }
}
