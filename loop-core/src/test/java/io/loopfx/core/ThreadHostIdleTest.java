package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The thread host parks while it waits: only the last few microseconds before a deadline are spun (for
 * precise timers), so waiting costs next to no CPU. A polling loop would burn the whole wait.
 */
class ThreadHostIdleTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void waitingForATimerParksTheLoopThreadInsteadOfSpinning() {
        assumeTrue(THREADS.isCurrentThreadCpuTimeSupported(), "this JVM cannot measure thread CPU time");
        long wait = Duration.ofMillis(300).toNanos();
        long[] cpu = new long[2];
        try (EventLoop loop = EventLoop.create()) {
            loop.callSoon(() -> cpu[0] = THREADS.getCurrentThreadCpuTime());
            loop.callLater(Duration.ofNanos(wait), () -> {
                cpu[1] = THREADS.getCurrentThreadCpuTime();
                loop.stop();
            });
            loop.runForever();
        }
        long spent = cpu[1] - cpu[0];
        assertTrue(spent < wait / 3, "the loop thread used " + spent / 1_000 + " µs of CPU while it waited "
                + wait / 1_000 + " µs for a timer: it polls instead of parking");
    }

    @Test
    void waitingForACallbackFromAnotherThreadParksToo() throws Exception {
        assumeTrue(THREADS.isCurrentThreadCpuTimeSupported(), "this JVM cannot measure thread CPU time");
        long wait = Duration.ofMillis(300).toNanos();
        long[] cpu = new long[2];
        try (EventLoop loop = EventLoop.create()) {
            loop.callSoon(() -> {
                cpu[0] = THREADS.getCurrentThreadCpuTime();
                Thread.ofPlatform().start(() -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait); // the producer is slow; the loop has nothing to do
                    loop.callSoonThreadsafe(() -> {
                        cpu[1] = THREADS.getCurrentThreadCpuTime();
                        loop.stop();
                    });
                });
            });
            loop.runForever();
        }
        long spent = cpu[1] - cpu[0];
        assertTrue(spent < wait / 3, "the loop thread used " + spent / 1_000 + " µs of CPU while it waited for "
                + "another thread: it polls instead of parking");
    }
}
