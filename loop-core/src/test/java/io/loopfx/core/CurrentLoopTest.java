package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** EventLoop.current(): the loop running on this thread, and a clear error where there is none. */
class CurrentLoopTest {

    @Test
    void insideCallbacksTimersAndTasksTheCurrentLoopIsTheRunningOne() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<EventLoop> seen = new ArrayList<>();
            loop.callSoon(() -> seen.add(EventLoop.current()));
            loop.callLater(Duration.ofSeconds(1), () -> seen.add(EventLoop.current()));
            loop.runUntilComplete(() -> {
                seen.add(EventLoop.current());
                Async.sleep(Duration.ofSeconds(2));
                seen.add(EventLoop.current());
                return null;
            });
            assertEquals(4, seen.size());
            for (EventLoop l : seen) assertSame(loop, l);
        }
    }

    @Test
    void outsideARunningLoopItThrowsAndSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, EventLoop::current);
        assertTrue(e.getMessage().contains(Thread.currentThread().getName()), e.getMessage());
        assertTrue(e.getMessage().contains("EventLoop.create()"), e.getMessage());

        try (EventLoop loop = EventLoop.withVirtualClock()) {
            assertThrows(IllegalStateException.class, EventLoop::current, "a loop that is not running is not current");
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThrows(IllegalStateException.class, EventLoop::current, "no longer current once runForever returned");
        }
    }

    @Test
    void eachThreadSeesItsOwnLoop() throws Exception {
        try (LoopThread other = new LoopThread(EventLoop.create()); EventLoop mine = EventLoop.withVirtualClock()) {
            assertSame(other.loop, other.call(EventLoop::current));
            EventLoop[] seen = new EventLoop[1];
            mine.callSoon(() -> {
                seen[0] = EventLoop.current();
                mine.stop();
            });
            mine.runForever();
            assertSame(mine, seen[0]);
        }
    }
}
