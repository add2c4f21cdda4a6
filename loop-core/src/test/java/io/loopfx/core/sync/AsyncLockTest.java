package io.loopfx.core.sync;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static io.loopfx.core.sync.VirtualLoop.run;
import static io.loopfx.core.sync.VirtualLoop.seconds;
import static io.loopfx.core.sync.VirtualLoop.settle;
import static io.loopfx.core.sync.VirtualLoop.start;
import static org.junit.jupiter.api.Assertions.*;

class AsyncLockTest {

    @Test
    void holdersTakeTurnsOneAtATimeInArrivalOrder() throws Exception {
        List<String> log = new ArrayList<>();
        long elapsed = run(() -> {
            AsyncLock lock = new AsyncLock();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = i;
                tasks.add(start("t" + i, () -> lock.withLock(() -> {
                    log.add("in" + id);
                    Async.sleep(Duration.ofSeconds(1));
                    log.add("out" + id);
                    return null;
                })));
            }
            for (Task<Void> t : tasks) Async.await(t);
            assertFalse(lock.locked());
            return seconds();
        });
        assertEquals(List.of("in0", "out0", "in1", "out1", "in2", "out2", "in3", "out3"), log);
        assertEquals(4, elapsed);
    }

    @Test
    void aNewcomerQueuesBehindAWaiterThatWasWokenButHasNotRunYet() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncLock lock = new AsyncLock();
            lock.acquire();
            Task<Void> waiter = logUnderLock(lock, log, "waiter");
            settle();
            lock.release();          // wakes the waiter, which has not run yet
            assertFalse(lock.locked(), "free, but promised to the waiter");
            lock.acquire();          // must not barge past it
            log.add("main again");
            lock.release();
            Async.await(waiter);
            return null;
        });
        assertEquals(List.of("waiter", "main again"), log);
    }

    @Test
    void aTaskCancelledInsideWithLockReleasesTheLock() throws Exception {
        run(() -> {
            AsyncLock lock = new AsyncLock();
            Task<Void> holder = start("holder", () -> lock.withLock(() -> {
                Async.sleep(Duration.ofHours(1));
                return null;
            }));
            settle();
            Task<Long> next = start("next", () -> lock.withLock(VirtualLoop::seconds));
            EventLoop.current().callLater(Duration.ofSeconds(10), holder::cancel);
            assertEquals(10L, Async.await(next));
            assertTrue(holder.isCancelled());
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void withLockRethrowsTheBodysCheckedExceptionAndReleases() throws Exception {
        run(() -> {
            AsyncLock lock = new AsyncLock();
            IOException e = assertThrows(IOException.class, () -> lock.withLock(() -> {
                throw new IOException("disk");
            }));
            assertEquals("disk", e.getMessage());
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void aWaiterCancelledWhileWaitingNeverGetsTheLockAndDoesNotBlockOthers() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncLock lock = new AsyncLock();
            lock.acquire();
            Task<Void> first = logUnderLock(lock, log, "first");
            Task<Void> second = logUnderLock(lock, log, "second");
            settle();
            assertTrue(first.cancel());
            settle();
            assertTrue(first.isCancelled());
            assertTrue(lock.locked(), "the cancelled waiter must not have taken the lock");
            lock.release();
            Async.await(second);
            return null;
        });
        assertEquals(List.of("second"), log);
    }

    @Test
    void aWaiterCancelledAfterBeingWokenPassesTheWakeUpOn() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncLock lock = new AsyncLock();
            lock.acquire();
            Task<Void> first = logUnderLock(lock, log, "first");
            Task<Void> second = logUnderLock(lock, log, "second");
            settle();
            lock.release();               // hands the turn to 'first'...
            assertTrue(first.cancel());   // ...which is cancelled before it can run
            Async.await(second);          // without the pass-on, this would wait forever (watchdog)
            assertTrue(first.isCancelled());
            assertFalse(lock.locked());
            return null;
        });
        assertEquals(List.of("second"), log);
    }

    /** Starts a task that logs its name while it holds the lock. */
    private static Task<Void> logUnderLock(AsyncLock lock, List<String> log, String name) {
        return start(name, () -> {
            lock.withLock(() -> log.add(name));
            return null;
        });
    }

    @Test
    void releasingAnUnlockedLockIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AsyncLock().release());
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
    }

    @Test
    void acquireOutsideATaskIsAClearError() throws Exception {
        AsyncLock lock = new AsyncLock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
        assertTrue(e.getMessage().contains("AsyncLock.acquire() was called outside a task"), e.getMessage());
        assertFalse(lock.locked(), "a refused acquire must not take the lock, even when it is free");

        // From a plain callback of a running loop: refused too.
        List<Throwable> seen = new ArrayList<>();
        run(() -> {
            EventLoop.current().callSoon(() -> {
                try {
                    lock.acquire();
                } catch (IllegalStateException ex) {
                    seen.add(ex);
                }
            });
            settle();
            return null;
        });
        assertEquals(1, seen.size());
    }

    @Test
    void aLockServesOneLoop() throws Exception {
        AsyncLock lock = new AsyncLock();
        run(() -> {
            lock.acquire();
            lock.release();
            return null;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(() -> {
            lock.acquire();
            return null;
        }));
        assertTrue(e.getMessage().contains("bound to"), e.getMessage());
    }

    @Test
    void cancellationSurfacesAsCancellationException() throws Exception {
        run(() -> {
            AsyncLock lock = new AsyncLock();
            lock.acquire();
            Task<Void> waiter = start("waiter", () -> {
                lock.acquire();
                return null;
            });
            settle();
            waiter.cancel();
            assertThrows(CancellationException.class, () -> Async.await(waiter));
            return null;
        });
    }
}
