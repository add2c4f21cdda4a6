package io.loopfx.core.sync;

import io.loopfx.core.Async;
import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import io.loopfx.core.TimerHandle;

import java.time.Duration;

/** Runs test bodies as the main task of a virtual-clock loop, with a watchdog against deadlocks. */
final class VirtualLoop {
    /** A deadlocked test leaves only the watchdog's timer, so the virtual clock jumps to it at once. */
    private static final Duration WATCHDOG = Duration.ofDays(365);

    private VirtualLoop() {
    }

    static <T> T run(Coroutine<T> main) throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<T> task = loop.createTask("main", main);
            TimerHandle watchdog = loop.callLater(WATCHDOG,
                    () -> task.cancel("watchdog: no progress for a virtual year, the test deadlocked"));
            try {
                return loop.runUntilComplete(task);
            } finally {
                watchdog.cancel();
            }
        }
    }

    /** Seconds of virtual time on the running loop. */
    static long seconds() {
        return Duration.ofNanos(EventLoop.current().time()).toSeconds();
    }

    static <T> Task<T> start(String name, Coroutine<T> body) {
        return EventLoop.current().createTask(name, body);
    }

    /** Lets every task that is ready run until it waits (a few rounds of the loop). */
    static void settle() {
        for (int i = 0; i < 5; i++) Async.yieldNow();
    }
}
