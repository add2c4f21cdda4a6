package io.loopfx.core;

import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;

/** A fresh virtual-clock loop per test, closed afterwards, and the small coroutines the toolkit tests share. */
abstract class VirtualClockFixture {
    final EventLoop loop = EventLoop.withVirtualClock();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    /** Sleeps, then returns {@code value}. */
    static <T> Coroutine<T> after(Duration delay, T value) {
        return () -> {
            Async.sleep(delay);
            return value;
        };
    }

    /** Sleeps, then throws {@code error}. */
    static <T> Coroutine<T> failAfter(Duration delay, Exception error) {
        return () -> {
            Async.sleep(delay);
            throw error;
        };
    }

    /** Sleeps, logging "name finally" in its finally block, then returns name. */
    static Coroutine<String> loggedSleep(Duration delay, String name, List<String> log) {
        return () -> {
            try {
                Async.sleep(delay);
                log.add(name + " done");
                return name;
            } finally {
                log.add(name + " finally");
            }
        };
    }

    /** Seconds elapsed on the loop's clock since {@code t0}. */
    static double secondsSince(EventLoop loop, long t0) {
        return (loop.time() - t0) / 1e9;
    }
}
