package io.loopfx.core.sync;

import io.loopfx.core.Async;
import io.loopfx.core.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.loopfx.core.sync.VirtualLoop.run;
import static io.loopfx.core.sync.VirtualLoop.seconds;
import static io.loopfx.core.sync.VirtualLoop.settle;
import static io.loopfx.core.sync.VirtualLoop.start;
import static org.junit.jupiter.api.Assertions.*;

class AsyncSemaphoreTest {

    /** Starts a task that logs its name once it has a permit, holds it for a second, then releases it. */
    private static Task<Void> holdOneSecond(AsyncSemaphore sem, List<String> log, String name) {
        return start(name, () -> sem.withPermit(() -> {
            log.add(name);
            Async.sleep(Duration.ofSeconds(1));
            return null;
        }));
    }

    @Test
    void atMostThatManyHoldersAtATime() throws Exception {
        long elapsed = run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(2);
            int[] inside = {0, 0};   // now, most ever
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(start("t" + i, () -> sem.withPermit(() -> {
                    inside[1] = Math.max(inside[1], ++inside[0]);
                    Async.sleep(Duration.ofSeconds(1));
                    inside[0]--;
                    return null;
                })));
            }
            for (Task<Void> t : tasks) Async.await(t);
            assertEquals(2, inside[1]);
            assertEquals(2, sem.available());
            return seconds();
        });
        assertEquals(3, elapsed);
    }

    @Test
    void waitersGetPermitsInFifoOrderAndANewcomerDoesNotBarge() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            sem.acquire();
            List<Task<Void>> waiters = List.of(holdOneSecond(sem, log, "w1"), holdOneSecond(sem, log, "w2"),
                    holdOneSecond(sem, log, "w3"));
            settle();
            sem.release();                       // the permit goes to w1, which has not run yet
            assertEquals(0, sem.available(), "the released permit is promised to w1");
            assertTrue(sem.locked());
            Task<Void> newcomer = holdOneSecond(sem, log, "newcomer");
            for (Task<Void> w : waiters) Async.await(w);
            Async.await(newcomer);
            assertEquals(1, sem.available());
            return null;
        });
        assertEquals(List.of("w1", "w2", "w3", "newcomer"), log);
    }

    @Test
    void aNewcomerWaitsWhileOthersQueueEvenIfPermitsAreFree() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            Task<Void> w1 = holdOneSecond(sem, log, "w1");
            Task<Void> w2 = holdOneSecond(sem, log, "w2");
            settle();
            sem.release();
            sem.release();                       // both promised at once: one to w1, one to w2
            Task<Void> late = holdOneSecond(sem, log, "late");
            Async.await(w1);
            Async.await(w2);
            Async.await(late);
            return null;
        });
        assertEquals(List.of("w1", "w2", "late"), log);
    }

    @Test
    void aWaiterCancelledWhileWaitingGetsNoPermit() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            sem.acquire();
            Task<Void> cancelled = holdOneSecond(sem, log, "cancelled");
            Task<Void> other = holdOneSecond(sem, log, "other");
            settle();
            cancelled.cancel();
            settle();
            assertEquals(0, sem.available());
            sem.release();
            Async.await(other);
            assertEquals(1, sem.available(), "no permit was lost or made up");
            return null;
        });
        assertEquals(List.of("other"), log);
    }

    @Test
    void aWaiterCancelledAfterBeingHandedAPermitPassesItOn() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            sem.acquire();
            Task<Void> first = holdOneSecond(sem, log, "first");
            Task<Void> second = holdOneSecond(sem, log, "second");
            settle();
            sem.release();           // handed to 'first'...
            first.cancel();          // ...which is cancelled before it runs
            Async.await(second);     // watchdog otherwise
            assertTrue(first.isCancelled());
            assertEquals(1, sem.available());
            return null;
        });
        assertEquals(List.of("second"), log);
    }

    @Test
    void aBoundedSemaphoreRefusesToBeReleasedMoreOftenThanAcquired() throws Exception {
        run(() -> {
            AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
            assertTrue(e.getMessage().contains("released more often than acquired"), e.getMessage());
            sem.acquire();
            sem.release();
            assertThrows(IllegalStateException.class, sem::release);
            assertEquals(2, sem.available());
            return null;
        });
    }

    @Test
    void aPlainSemaphoreMayBeReleasedBeyondItsInitialValue() {
        AsyncSemaphore sem = new AsyncSemaphore(1);
        sem.release();
        assertEquals(2, sem.available());
    }

    @Test
    void negativeInitialPermitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AsyncSemaphore(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AsyncBoundedSemaphore(-1));
        assertTrue(e.getMessage().startsWith("AsyncBoundedSemaphore"), e.getMessage());
    }

    @Test
    void acquireOutsideATaskIsAClearError() {
        AsyncSemaphore sem = new AsyncSemaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::acquire);
        assertTrue(e.getMessage().contains("AsyncSemaphore.acquire() was called outside a task"), e.getMessage());
        assertEquals(1, sem.available());
    }
}
