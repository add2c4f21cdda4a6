package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

class TimeoutTest extends VirtualClockFixture {

    @Test
    void aBodyThatFinishesInTimeReturnsItsValue() throws Exception {
        String r = loop.runUntilComplete(() -> Async.withTimeout(s(5), after(s(1), "done")));
        assertEquals("done", r);
        assertEquals(s(1).toNanos(), loop.time());
    }

    @Test
    void expiryCancelsTheBodyRunsItsFinallyAndThrowsTimeout() throws Exception {
        List<String> log = new ArrayList<>();
        String r = loop.runUntilComplete(() -> {
            try {
                Async.withTimeout(s(1), loggedSleep(Duration.ofHours(1), "body", log));
                return "no timeout";
            } catch (TimeoutException e) {
                assertInstanceOf(CancellationException.class, e.getCause());
                assertEquals(0, Async.currentTask().cancelling(), "the scope withdrew its own cancellation");
                Async.sleep(s(1)); // the task is not cancelled any more
                return "timeout at " + secondsSince(loop, 0) + ", " + log;
            }
        });
        assertEquals("timeout at 2.0, [body finally]", r);
    }

    @Test
    void anOutsideCancellationStaysACancellation() {
        Task<String> t = loop.createTask(() -> Async.withTimeout(Duration.ofHours(1), after(Duration.ofHours(2), "x")));
        loop.callLater(s(1), t::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
        assertEquals(1, t.cancelling());
    }

    @Test
    void anOutsideCancellationAtTheSameInstantAsTheExpiryStaysACancellation() {
        // The outside cancel is scheduled before the task starts, so at t=1s it runs before the scope's timer.
        Task<String> before = loop.createTask(() -> Async.withTimeout(s(1), after(Duration.ofHours(1), "x")));
        loop.callLater(s(1), before::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(before));

        // Here the scope's timer comes first and the outside cancel follows in the same iteration.
        Task<String> after = loop.createTask(() -> Async.withTimeout(s(1), () -> {
            loop.callLater(s(1), Async.currentTask()::cancel);
            Async.sleep(Duration.ofHours(1));
            return "x";
        }));
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(after));
        assertEquals(1, after.cancelling());
    }

    @Test
    void nestedInnerExpiresFirstAndTheOuterBodyCarriesOn() throws Exception {
        String r = loop.runUntilComplete(() -> Async.withTimeout(s(10), () -> {
            try {
                Async.withTimeout(s(1), after(Duration.ofHours(1), "x"));
                return "inner did not expire";
            } catch (TimeoutException inner) {
                Async.sleep(s(2));
                return "inner expired, outer body finished at " + secondsSince(loop, 0);
            }
        }));
        assertEquals("inner expired, outer body finished at 3.0", r);
    }

    @Test
    void nestedOuterExpiresFirstAndTheInnerLetsTheCancellationThrough() throws Exception {
        List<String> log = new ArrayList<>();
        TimeoutException e = assertThrows(TimeoutException.class, () -> loop.runUntilComplete(
                () -> Async.withTimeout(s(1), () -> {
                    try {
                        return Async.withTimeout(s(10), after(Duration.ofHours(1), "x"));
                    } catch (CancellationException ce) {
                        log.add("inner scope ended with a cancellation");
                        throw ce;
                    }
                })));
        assertTrue(e.getMessage().contains("withTimeout"), e.getMessage());
        assertEquals(List.of("inner scope ended with a cancellation"), log);
        assertEquals(s(1).toNanos(), loop.time());
    }

    @Test
    void nestedScopesExpiringAtTheSameInstantGoToTheOuter() {
        List<String> log = new ArrayList<>();
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> Async.withTimeout(s(1), () -> {
            try {
                return Async.withTimeout(s(1), after(Duration.ofHours(1), "x"));
            } catch (CancellationException ce) {
                log.add("inner: cancellation");
                throw ce;
            }
        })));
        assertEquals(List.of("inner: cancellation"), log);
    }

    @Test
    void aBodyThatSwallowsTheCancellationReturnsNormally() throws Exception {
        String r = loop.runUntilComplete(() -> Timeout.run(s(1), scope -> {
            try {
                Async.sleep(Duration.ofHours(1));
                return "slept";
            } catch (CancellationException e) {
                return "swallowed, expired=" + scope.expired();
            }
        }));
        assertEquals("swallowed, expired=true", r);
    }

    @Test
    void aBodyFailureAfterExpiryKeepsItsTypeAndCarriesTheTimeoutAsSuppressed() {
        IOException e = assertThrows(IOException.class, () -> loop.runUntilComplete(() -> Async.withTimeout(s(1), () -> {
            try {
                Async.sleep(Duration.ofHours(1));
            } catch (CancellationException ce) {
                throw new IOException("cleanup failed");
            }
            return null;
        })));
        assertEquals(1, e.getSuppressed().length);
        assertInstanceOf(TimeoutException.class, e.getSuppressed()[0]);
    }

    @Test
    void theDeadlineCanBeMovedOrRemoved() throws Exception {
        String r = loop.runUntilComplete(() -> Timeout.run(s(1), scope -> {
            scope.reschedule(s(5));
            Async.sleep(s(3));
            scope.rescheduleAt(Long.MAX_VALUE);
            assertEquals(Long.MAX_VALUE, scope.deadline());
            Async.sleep(Duration.ofHours(1));
            return "moved";
        }));
        assertEquals("moved", r);
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> Timeout.run(Duration.ofHours(1), scope -> {
            scope.reschedule(Duration.ZERO);
            Async.yieldNow();
            return "not reached";
        })));
    }

    @Test
    void anAbsoluteDeadlineWorksAndAFinishedScopeCannotBeRescheduled() {
        Timeout[] kept = new Timeout[1];
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> Timeout.runAt(loop.time() + s(2).toNanos(), scope -> {
            kept[0] = scope;
            return after(Duration.ofHours(1), "x").run();
        })));
        assertEquals(s(2).toNanos(), loop.time());
        assertTrue(kept[0].expired());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept[0].reschedule(s(1)));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void outsideATaskFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.withTimeout(s(1), () -> "x"));
        assertTrue(e.getMessage().contains("withTimeout"), e.getMessage());
    }
}
