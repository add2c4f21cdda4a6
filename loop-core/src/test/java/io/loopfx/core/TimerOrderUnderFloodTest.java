package io.loopfx.core;

import io.loopfx.core.internal.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ordering rule of {@link EventLoop} ("Order") on a host that gives each iteration a time budget, as the
 * JavaFX loop does: timers keep their time while a flood of callbacks drains, callbacks stay FIFO, timers stay
 * in (deadline, sequence) order, and without a flood the order is asyncio's. Time is a virtual clock that each
 * flood callback moves on, so every figure is exact.
 */
class TimerOrderUnderFloodTest {
    private static final long MS = 1_000_000;
    private static final long BUDGET = MS;
    private static final long CALLBACK_COST = 10_000; // 10 µs of clock per flood callback: ~100 per budget

    private final VirtualClock clock = new VirtualClock(); // flood callbacks move it on; idle, it jumps to timers
    private final CoreLoop loop = new CoreLoop(new HostWakeUpTest.CountingHost(BUDGET), clock, null, null);

    /** What ran, in order: "cN" for flood callback N, timer names for timers, with the clock when each ran. */
    private final List<String> ran = new ArrayList<>();
    private final List<Long> ranAt = new ArrayList<>();

    private void record(String what) {
        ran.add(what);
        ranAt.add(clock.nanoTime());
    }

    private Runnable floodCallback(int i) {
        return () -> {
            clock.skipTo(clock.nanoTime() + CALLBACK_COST);
            record("c" + i);
        };
    }

    @Test
    void timersThatFallDueDuringAFloodRunAtOnce() throws Exception {
        int flood = 10_000; // 100 ms of callbacks: without the rule, every timer below waits for all of them
        long[] deadlines = {3 * MS, 5 * MS, 5 * MS, 20 * MS, 20 * MS + 1};
        String[] names = {"t3", "t5a", "t5b", "t20", "t20+1ns"};
        loop.runUntilComplete(() -> {
            for (int i = 0; i < flood; i++) loop.callSoon(floodCallback(i));
            // scheduled in a scrambled order: the loop must still run them by (deadline, sequence)
            for (int k : new int[] {3, 1, 4, 0, 2}) {
                String name = names[k];
                loop.callAt(deadlines[k], () -> record(name));
            }
            LoopFuture<Void> done = loop.createFuture();
            loop.callSoon(() -> done.setResult(null)); // behind the flood
            return Async.await(done);
        });

        List<String> timers = ran.stream().filter(s -> s.startsWith("t")).toList();
        // equal deadlines in the order scheduled: the scramble schedules t5a (k=1) before t5b (k=2)
        assertEquals(List.of("t3", "t5a", "t5b", "t20", "t20+1ns"), timers);

        for (int k = 0; k < names.length; k++) {
            long lateness = ranAt.get(ran.indexOf(names[k])) - deadlines[k];
            assertTrue(lateness >= 0, names[k] + " ran early by " + -lateness + " ns");
            // the iteration ends at its next look at the clock (every 16 callbacks) and this host starts the next
            // one at once, which begins with the due timers (see EventLoop's "Order")
            assertTrue(lateness <= 16 * CALLBACK_COST,
                    names[k] + " ran " + lateness / 1e6 + " ms late behind a flood; the bound is 16 callbacks");
        }
        // the timers overtook the flood: all of them ran while it drained, not after it
        int lastTimer = ran.indexOf("t20+1ns");
        assertTrue(lastTimer < ran.indexOf("c" + (flood - 1)), "the timers waited for the whole flood");

        List<String> callbacks = ran.stream().filter(s -> s.startsWith("c")).toList();
        assertEquals(flood, callbacks.size());
        for (int i = 0; i < flood; i++) assertEquals("c" + i, callbacks.get(i), "callbacks ran out of FIFO order");
    }

    @Test
    void withoutAFloodTheOrderIsAsyncios() throws Exception {
        // callSoon(a); callLater(0, b); callSoon(c): asyncio runs a, c (ready when the iteration began), then b
        loop.runUntilComplete(() -> {
            loop.callSoon(() -> record("a"));
            loop.callLater(Duration.ZERO, () -> record("b"));
            loop.callSoon(() -> record("c"));
            LoopFuture<Void> done = loop.createFuture();
            loop.callLater(Duration.ZERO, () -> done.setResult(null));
            return Async.await(done);
        });
        assertEquals(List.of("a", "c", "b"), ran);
    }

    @Test
    void aTimerDueWhenAFloodBeginsWaitsAtMostOneBudget() throws Exception {
        // The timer is due before the iteration that starts the flood's drain; that iteration runs its ready
        // callbacks first (asyncio's order), runs out of budget, and the next one begins with the timer.
        loop.runUntilComplete(() -> {
            loop.callAt(0, () -> record("t0"));
            for (int i = 0; i < 1_000; i++) loop.callSoon(floodCallback(i));
            LoopFuture<Void> done = loop.createFuture();
            loop.callSoon(() -> done.setResult(null));
            return Async.await(done);
        });
        int t0 = ran.indexOf("t0");
        assertTrue(t0 > 0 && t0 < 1_000, "t0 ran at position " + t0 + " of " + ran.size());
        long lateness = ranAt.get(t0);
        assertTrue(lateness <= BUDGET + 16 * CALLBACK_COST, "t0 ran " + lateness / 1e6 + " ms late");
        // it ran right after the first slice: the callbacks before it are exactly those of one budget
        assertEquals("c" + (t0 - 1), ran.get(t0 - 1));
        assertTrue(ranAt.get(t0 - 1) >= BUDGET, "the slice before t0 had not spent its budget");
    }

    @Test
    void leftoverTimersKeepTheirOrderAheadOfNewlyDueOnes() throws Exception {
        // Many timers due at once, more than a budget's worth: those left by a slice run before the ones that
        // fell due later, and all of them in deadline order.
        int timerCount = 500;
        loop.runUntilComplete(() -> {
            for (int i = 0; i < 2_000; i++) loop.callSoon(floodCallback(i));
            for (int i = 0; i < timerCount; i++) {
                int id = i;
                loop.callAt(2 * MS + i * 20_000L, () -> {
                    clock.skipTo(clock.nanoTime() + CALLBACK_COST);
                    record("t" + id);
                });
            }
            LoopFuture<Void> done = loop.createFuture();
            loop.callAt(2 * MS + timerCount * 20_000L, () -> done.setResult(null));
            return Async.await(done);
        });
        List<String> timers = ran.stream().filter(s -> s.startsWith("t")).toList();
        assertEquals(timerCount, timers.size());
        for (int i = 0; i < timerCount; i++) assertEquals("t" + i, timers.get(i), "timers ran out of deadline order");
    }
}
