package io.loopfx.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.*;

/** Debug mode: wrong-thread calls are refused with the thread-safe alternative, slow callbacks are logged. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DebugModeTest {

    /** A callback that takes longer than {@code nanos} for sure: it waits for the clock, not for a guess. */
    private static Runnable busyFor(long nanos, String description) {
        return new Runnable() {
            @Override
            public void run() {
                long start = System.nanoTime();
                while (System.nanoTime() - start <= nanos) Thread.onSpinWait();
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    @Test
    void nonThreadsafeCallsFromAForeignThreadThrowAndNameCallSoonThreadsafe() throws Exception {
        EventLoop loop = EventLoop.create();
        loop.setDebug(true);
        assertTrue(loop.isDebug());
        try (LoopThread lt = new LoopThread(loop)) {
            lt.call(() -> null); // the loop is running now
            Runnable noop = () -> { };
            List<Executable> calls = List.of(
                    () -> loop.callSoon(noop),
                    () -> loop.callLater(Duration.ofSeconds(1), noop),
                    () -> loop.callAt(0, noop),
                    () -> loop.createTask(() -> null));
            for (Executable call : calls) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call);
                assertTrue(e.getMessage().contains("callSoonThreadsafe"), e.getMessage());
                assertTrue(e.getMessage().contains("test-loop"), "names the loop's thread: " + e.getMessage());
            }
            CoreLoop base = (CoreLoop) loop;
            assertEquals(0, (int) lt.call(base::timerHeapSize), "a refused call scheduled nothing");
            assertTrue(loop.allTasks().isEmpty());
            // The same calls are fine on the loop thread, and the loop is unharmed.
            assertEquals(1, (int) lt.call(() -> {
                loop.callSoon(noop);
                loop.callLater(Duration.ofHours(1), noop);
                return base.timerHeapSize();
            }));
        }
    }

    @Test
    void aCallbackSlowerThanTheThresholdIsLoggedWithItsDescription() {
        try (LogCapture log = new LogCapture(); EventLoop loop = EventLoop.withVirtualClock()) {
            loop.setDebug(true);
            loop.setSlowCallbackThreshold(Duration.ofNanos(1));
            loop.callSoon(busyFor(1_000, "the-slow-callback"));
            loop.callSoon(loop::stop);
            loop.runForever();
            List<String> warnings = log.messages(Level.WARNING);
            assertTrue(warnings.stream().anyMatch(m -> m.contains("the-slow-callback")), String.valueOf(warnings));
        }
    }

    @Test
    void callbacksUnderTheThresholdOrOutsideDebugModeAreNotLogged() {
        try (LogCapture log = new LogCapture(); EventLoop loop = EventLoop.withVirtualClock()) {
            loop.setDebug(true);
            loop.setSlowCallbackThreshold(Duration.ofHours(1));
            loop.callSoon(busyFor(1_000, "fast-enough"));
            loop.callSoon(loop::stop);
            loop.runForever();

            loop.setDebug(false);
            loop.setSlowCallbackThreshold(Duration.ofNanos(1));
            loop.callSoon(busyFor(1_000, "slow-but-not-debugging"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of(), log.messages(Level.WARNING));
        }
    }

    @Test
    void aNegativeThresholdIsRefused() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.setSlowCallbackThreshold(Duration.ofMillis(-1)));
            assertTrue(e.getMessage().contains("negative"), e.getMessage());
        }
    }
}
