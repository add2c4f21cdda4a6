package io.loopfx.core.sync;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
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

class AsyncEventTest {

    @Test
    void setWakesEveryWaiter() throws Exception {
        run(() -> {
            AsyncEvent event = new AsyncEvent();
            List<Task<Long>> waiters = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                waiters.add(start("w" + i, () -> {
                    event.waitSet();
                    return seconds();
                }));
            }
            settle();
            assertTrue(waiters.stream().noneMatch(Task::isDone), "nobody passes before set()");
            EventLoop.current().callLater(Duration.ofSeconds(5), event::set);
            for (Task<Long> w : waiters) assertEquals(5L, Async.await(w));
            assertTrue(event.isSet());
            return null;
        });
    }

    @Test
    void waitSetPassesAtOnceWhileSetAndWaitsAgainAfterClear() throws Exception {
        run(() -> {
            AsyncEvent event = new AsyncEvent();
            event.set();
            event.waitSet();
            assertEquals(0, seconds());

            event.clear();
            assertFalse(event.isSet());
            EventLoop.current().callLater(Duration.ofSeconds(3), event::set);
            event.waitSet();
            assertEquals(3, seconds());
            return null;
        });
    }

    @Test
    void waitersWokenBySetReturnEvenIfTheFlagIsClearedBeforeTheyRun() throws Exception {
        run(() -> {
            AsyncEvent event = new AsyncEvent();
            Task<Void> a = start("a", () -> {
                event.waitSet();
                return null;
            });
            Task<Void> b = start("b", () -> {
                event.waitSet();
                return null;
            });
            settle();
            event.set();
            event.clear();
            Async.await(a);
            Async.await(b);
            assertFalse(event.isSet());
            return null;
        });
    }

    @Test
    void aCancelledWaiterLeavesWithoutDisturbingTheOthers() throws Exception {
        run(() -> {
            AsyncEvent event = new AsyncEvent();
            Task<Void> cancelled = start("cancelled", () -> {
                event.waitSet();
                return null;
            });
            Task<Void> other = start("other", () -> {
                event.waitSet();
                return null;
            });
            settle();
            cancelled.cancel();
            assertThrows(CancellationException.class, () -> Async.await(cancelled));
            assertFalse(other.isDone());
            event.set();
            Async.await(other);
            assertTrue(event.toString().contains("set"), event.toString());
            assertFalse(event.toString().contains("waiters"), "everyone left the line: " + event);
            return null;
        });
    }

    @Test
    void waitSetOutsideATaskIsAClearError() {
        AsyncEvent event = new AsyncEvent();
        event.set();
        IllegalStateException e = assertThrows(IllegalStateException.class, event::waitSet);
        assertTrue(e.getMessage().contains("AsyncEvent.waitSet() was called outside a task"), e.getMessage());
        assertTrue(e.getMessage().contains("isSet()"), "suggests the non-waiting query: " + e.getMessage());
    }
}
