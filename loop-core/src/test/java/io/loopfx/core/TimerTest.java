package io.loopfx.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Timer order, never-early firing, cancellation, heap compaction, negative and huge delays. */
class TimerTest {
    private static final long MS = 1_000_000L;

    /** A fired timer: its handle, the loop time it ran at, and the order it was scheduled in. */
    private record Fired(TimerHandle handle, long ranAt, int scheduledAs) {
    }

    @Test
    void timersRunInDeadlineOrderAndEqualDeadlinesInSchedulingOrder() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> ran = new ArrayList<>();
            long[] delaysMs = {30, 10, 20, 10, 30, 10, 0};
            for (int i = 0; i < delaysMs.length; i++) {
                String label = delaysMs[i] + "ms#" + i;
                loop.callLater(Duration.ofMillis(delaysMs[i]), () -> ran.add(label));
            }
            loop.callAt(20 * MS, () -> ran.add("20ms#callAt"));
            loop.callLater(Duration.ofMillis(31), loop::stop);
            loop.runForever();
            assertEquals(List.of("0ms#6", "10ms#1", "10ms#3", "10ms#5", "20ms#2", "20ms#callAt", "30ms#0", "30ms#4"), ran);
        }
    }

    @Test
    void onTheVirtualClockATimerRunsExactlyAtItsDeadline() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<long[]> seen = new ArrayList<>(); // {when, time at callback}
            for (long d : new long[]{5, 1, 3_600_000, 7}) {
                TimerHandle[] h = new TimerHandle[1];
                h[0] = loop.callLater(Duration.ofMillis(d), () -> seen.add(new long[]{h[0].when(), loop.time()}));
            }
            loop.callLater(Duration.ofHours(2), loop::stop);
            loop.runForever();
            assertEquals(4, seen.size());
            for (long[] s : seen) assertEquals(s[0], s[1]);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void onARealLoopNoTimerRunsBeforeItsDeadlineAndTheyRunInDeadlineOrder() {
        int n = 300;
        try (EventLoop loop = EventLoop.create()) {
            List<Fired> fired = new ArrayList<>();
            Random rnd = new Random(42);
            loop.callSoon(() -> {
                for (int i = 0; i < n; i++) {
                    int k = i;
                    long delay = rnd.nextInt(20) * MS + rnd.nextInt(1000); // 0..20 ms, many near-equal deadlines
                    TimerHandle[] h = new TimerHandle[1];
                    Runnable cb = () -> {
                        fired.add(new Fired(h[0], loop.time(), k));
                        if (fired.size() == n) loop.stop();
                    };
                    h[0] = (k % 3 == 0) ? loop.callAt(loop.time() + delay, cb) : loop.callLater(Duration.ofNanos(delay), cb);
                }
            });
            loop.runForever();
            assertEquals(n, fired.size());
            for (Fired f : fired) {
                assertTrue(f.ranAt() >= f.handle().when(),
                        "timer #" + f.scheduledAs() + " ran " + (f.handle().when() - f.ranAt()) + " ns early");
            }
            List<Fired> expected = new ArrayList<>(fired);
            expected.sort(Comparator.comparingLong((Fired f) -> f.handle().when()).thenComparingInt(Fired::scheduledAs));
            assertEquals(expected, fired, "timers must run in (deadline, scheduling order)");
        }
    }

    @Test
    void aCancelledTimerNeverRuns() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> ran = new ArrayList<>();
            TimerHandle before = loop.callLater(Duration.ofSeconds(1), () -> ran.add("cancelled before the loop ran"));
            TimerHandle[] sameDeadline = new TimerHandle[1];
            loop.callLater(Duration.ofSeconds(2), () -> {
                ran.add("canceller");
                sameDeadline[0].cancel(); // due in this very iteration: must still be skipped
            });
            sameDeadline[0] = loop.callLater(Duration.ofSeconds(2), () -> ran.add("cancelled while due"));
            TimerHandle later = loop.callLater(Duration.ofSeconds(3), () -> ran.add("cancelled by a callback"));
            loop.callSoon(later::cancel);
            loop.callLater(Duration.ofSeconds(4), () -> ran.add("kept"));
            before.cancel();
            assertTrue(before.isCancelled());
            loop.callLater(Duration.ofSeconds(5), loop::stop);
            loop.runForever();
            assertEquals(List.of("canceller", "kept"), ran);
            assertEquals(0, ((CoreLoop) loop).timerHeapSize());
        }
    }

    @Test
    void aMillionScheduledThenCancelledTimersLeaveTheHeapSmall() {
        int n = 1_000_000;
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            CoreLoop base = (CoreLoop) loop;
            int[] maxHeap = {0};
            List<String> ran = new ArrayList<>();
            Runnable never = () -> ran.add("a cancelled timer ran");
            loop.callSoon(() -> {
                for (int i = 0; i < n; i++) {
                    loop.callLater(Duration.ofMinutes(1 + i % 60), never).cancel();
                    if (i % 1000 == 0) loop.callLater(Duration.ofSeconds(1 + i / 1000), () -> ran.add("live"));
                    maxHeap[0] = Math.max(maxHeap[0], base.timerHeapSize());
                }
            });
            loop.callLater(Duration.ofHours(2), loop::stop);
            loop.runForever();
            int live = n / 1000;
            assertTrue(maxHeap[0] <= 2 * live + 1000, "heap grew to " + maxHeap[0] + " entries for " + live + " live timers");
            assertEquals(live, ran.size(), "every live timer ran, no cancelled one did");
            assertTrue(ran.stream().allMatch("live"::equals));
            assertEquals(0, base.timerHeapSize());
        }
    }

    @Test
    void timersCancelledInBulkAreDroppedFromTheHeap() {
        int n = 1_000_000;
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            CoreLoop base = (CoreLoop) loop;
            List<TimerHandle> handles = new ArrayList<>(n);
            Runnable never = () -> fail("a cancelled timer ran");
            for (int i = 0; i < n; i++) handles.add(loop.callLater(Duration.ofSeconds(1 + i % 1000), never));
            boolean[] survivorRan = {false};
            loop.callLater(Duration.ofSeconds(500), () -> survivorRan[0] = true);
            int[] heapAfterCancel = {-1};
            loop.callSoon(() -> {
                for (TimerHandle h : handles) h.cancel();
                heapAfterCancel[0] = base.timerHeapSize();
            });
            loop.callSoon(loop::stop);
            loop.runForever();
            assertTrue(heapAfterCancel[0] < 1000, "heap still holds " + heapAfterCancel[0] + " entries after cancelling all");
            loop.callLater(Duration.ofHours(1), loop::stop);
            loop.runForever();
            assertTrue(survivorRan[0], "the one live timer still ran");
            assertEquals(0, base.timerHeapSize());
        }
    }

    @Test
    void timersCancelledBeforeTheLoopRunsAreDroppedByItsFirstIteration() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            CoreLoop base = (CoreLoop) loop;
            List<TimerHandle> handles = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) handles.add(loop.callLater(Duration.ofSeconds(1), () -> fail("cancelled timer ran")));
            loop.callLater(Duration.ofSeconds(2), () -> { });
            handles.forEach(TimerHandle::cancel);
            loop.stop();
            loop.runForever(); // one iteration
            assertEquals(1, base.timerHeapSize());
        }
    }

    @Test
    void aNegativeDelayRunsAsSoonAsPossible() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> ran = new ArrayList<>();
            long[] times = new long[3];
            TimerHandle[] h = new TimerHandle[2];
            loop.callLater(Duration.ofHours(1), () -> {
                times[0] = loop.time();
                loop.callLater(Duration.ofHours(1), () -> ran.add("in an hour"));
                h[0] = loop.callLater(Duration.ofMillis(-5), () -> {
                    ran.add("-5 ms");
                    times[1] = loop.time();
                });
                h[1] = loop.callLater(Duration.ofSeconds(Long.MIN_VALUE), () -> {
                    ran.add("most negative");
                    times[2] = loop.time();
                });
                loop.callSoon(() -> ran.add("callSoon"));
            });
            loop.callLater(Duration.ofHours(3), loop::stop);
            loop.runForever();
            assertEquals(List.of("callSoon", "most negative", "-5 ms", "in an hour"), ran);
            assertEquals(times[0], times[1], "the clock did not move before the negative delays ran");
            assertEquals(times[0], times[2]);
            assertEquals(times[0] - 5 * MS, h[0].when());
            assertTrue(h[1].when() < times[0]);
        }
    }

    @Test
    void aDelayTooLargeForTheClockIsClampedNotOverflowed() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> ran = new ArrayList<>();
            TimerHandle[] h = new TimerHandle[3];
            h[0] = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> ran.add("max seconds"));
            h[1] = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), () -> ran.add("max duration"));
            loop.callLater(Duration.ofHours(1), () ->  // time() + delay overflows although the delay fits in long nanos
                    h[2] = loop.callLater(Duration.ofNanos(Long.MAX_VALUE - 1), () -> ran.add("overflowing sum")));
            loop.callLater(Duration.ofHours(2), () -> {
                ran.add("2h");
                loop.stop();
            });
            loop.runForever();
            assertEquals(List.of("2h"), ran, "clamped timers are in the far future, not in the past");
            for (TimerHandle t : h) assertEquals(Long.MAX_VALUE, t.when());
        }
        try (EventLoop real = EventLoop.create()) {
            long now = real.time();
            TimerHandle t = real.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> { });
            assertTrue(t.when() > now, "when() = " + t.when() + " must not be before now = " + now);
            assertTrue(t.when() - now > Long.MAX_VALUE / 2 || t.when() == Long.MAX_VALUE, "when() = " + t.when());
        }
    }

    @Test
    void callAtInThePastRunsAsSoonAsPossible() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<Long> ranAt = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(10), () -> loop.callAt(Long.MIN_VALUE, () -> ranAt.add(loop.time())));
            loop.callLater(Duration.ofSeconds(20), loop::stop);
            loop.runForever();
            assertEquals(List.of(Duration.ofSeconds(10).toNanos()), ranAt);
        }
    }
}
