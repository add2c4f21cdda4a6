package io.loopfx.core.sync;

import io.loopfx.core.Async;
import io.loopfx.core.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static io.loopfx.core.sync.VirtualLoop.run;
import static io.loopfx.core.sync.VirtualLoop.seconds;
import static io.loopfx.core.sync.VirtualLoop.settle;
import static io.loopfx.core.sync.VirtualLoop.start;
import static org.junit.jupiter.api.Assertions.*;

class AsyncConditionTest {

    /** Starts a task that waits for one signal under the lock and logs "name@seconds" once it has the lock back. */
    private static Task<Void> waitOnce(AsyncCondition cond, List<String> log, String name) {
        return start(name, () -> cond.withLock(() -> {
            cond.waitSignal();
            assertTrue(cond.locked());
            log.add(name + "@" + seconds());
            return null;
        }));
    }

    @Test
    void signalWakesTheLongestWaitingTaskFirst() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Task<Void>> tasks = List.of(waitOnce(cond, log, "a"), waitOnce(cond, log, "b"), waitOnce(cond, log, "c"));
            settle();
            assertFalse(cond.locked(), "waiting releases the lock");
            for (int i = 0; i < 3; i++) {
                Async.sleep(Duration.ofSeconds(1));
                cond.withLock(() -> {
                    cond.signal();
                    return null;
                });
            }
            for (Task<Void> t : tasks) Async.await(t);
            return null;
        });
        assertEquals(List.of("a@1", "b@2", "c@3"), log);
    }

    @Test
    void signalNAndSignalAllWakeThatMany() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<Task<Void>> tasks = new ArrayList<>();
            for (String n : List.of("a", "b", "c", "d")) tasks.add(waitOnce(cond, log, n));
            settle();
            cond.acquire();
            cond.signal(2);
            cond.release();
            settle();
            assertEquals(List.of("a@0", "b@0"), log);
            Async.sleep(Duration.ofSeconds(1));
            cond.withLock(() -> {
                cond.signalAll();
                return null;
            });
            for (Task<Void> t : tasks) Async.await(t);
            return null;
        });
        assertEquals(List.of("a@0", "b@0", "c@1", "d@1"), log);
    }

    @Test
    void waitForReturnsOnceThePredicateHoldsWithTheLockHeld() throws Exception {
        run(() -> {
            AsyncCondition cond = new AsyncCondition();
            int[] counter = {0};
            Task<Long> consumer = start("consumer", () -> cond.withLock(() -> {
                cond.waitFor(() -> counter[0] >= 3);
                assertTrue(cond.locked());
                return seconds();
            }));
            for (int i = 0; i < 5; i++) {
                Async.sleep(Duration.ofSeconds(1));
                cond.withLock(() -> {
                    counter[0]++;
                    cond.signalAll();
                    return null;
                });
            }
            assertEquals(3L, Async.await(consumer));
            return null;
        });
    }

    @Test
    void aCancelledWaiterHoldsTheLockAgainBeforeTheCancellationPropagates() throws Exception {
        run(() -> {
            AsyncCondition cond = new AsyncCondition();
            List<String> log = new ArrayList<>();
            Task<Void> waiter = start("waiter", () -> cond.withLock(() -> {
                try {
                    cond.waitSignal();
                } catch (CancellationException e) {
                    log.add("cancelled@" + seconds() + ", locked=" + cond.locked());
                    throw e;
                }
                return null;
            }));
            settle();
            cond.acquire();          // the waiter cannot re-acquire until we release at 5 s
            waiter.cancel();
            Async.sleep(Duration.ofSeconds(5));
            cond.release();
            assertThrows(CancellationException.class, () -> Async.await(waiter));
            assertEquals(List.of("cancelled@5, locked=true"), log);
            assertFalse(cond.locked(), "withLock released it on the way out");
            return null;
        });
    }

    @Test
    void aSignalledWaiterThatIsCancelledPassesTheSignalOn() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncCondition cond = new AsyncCondition();
            Task<Void> first = waitOnce(cond, log, "first");
            Task<Void> second = waitOnce(cond, log, "second");
            settle();
            cond.withLock(() -> {
                cond.signal();       // meant for 'first'...
                first.cancel();      // ...which is cancelled before it runs
                return null;
            });
            Async.await(second);     // woken in its place (watchdog otherwise)
            assertTrue(first.isCancelled());
            return null;
        });
        assertEquals(List.of("second@0"), log);
    }

    @Test
    void waitingOrSignallingWithoutTheLockIsAClearError() throws Exception {
        run(() -> {
            AsyncCondition cond = new AsyncCondition();
            IllegalStateException e = assertThrows(IllegalStateException.class, cond::waitSignal);
            assertTrue(e.getMessage().contains("needs the condition's lock"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> cond.waitFor(() -> true));
            assertThrows(IllegalStateException.class, cond::signal);
            assertThrows(IllegalStateException.class, cond::signalAll);
            assertThrows(IllegalArgumentException.class, () -> cond.withLock(() -> {
                cond.signal(-1);
                return null;
            }));
            return null;
        });
    }

    @Test
    void conditionsCanShareALock() throws Exception {
        run(() -> {
            AsyncLock lock = new AsyncLock();
            AsyncCondition notEmpty = new AsyncCondition(lock);
            AsyncCondition notFull = new AsyncCondition(lock);
            assertSame(lock, notEmpty.lock());
            lock.acquire();
            assertTrue(notFull.locked());
            notEmpty.signal();       // allowed: the shared lock is held
            lock.release();
            assertFalse(notEmpty.locked());
            return null;
        });
        assertThrows(NullPointerException.class, () -> new AsyncCondition(null));
    }

    @Test
    void waitSignalOutsideATaskIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AsyncCondition().waitSignal());
        assertTrue(e.getMessage().contains("outside a task"), e.getMessage());
    }
}
