package io.loopfx.stress;

import io.loopfx.core.EventLoop;
import io.loopfx.core.TimerHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.time.Duration;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 5 (issue 10): {@code TimerHandle.cancel()} may be called from any thread, and the loop's bookkeeping
 * of cancelled timers stays exact, so that cancelled timers never pile up in the heap (DESIGN.md §2).
 *
 * <p>Each state has a loop with {@link #K} + {@link #K} far timers. One actor cancels the first half from its
 * thread; the other runs the loop on its thread, which cancels the second half in a callback. The arbiter
 * checks, through the public {@link io.loopfx.core.EventLoop#stats()} only:
 * <ul>
 *   <li>r1: the heap size once the loop has run again (every timer is cancelled: must be 0);</li>
 *   <li>r2: the drift of the loop's cancelled-timer count. A probe (on the loop thread) pins the heap with one
 *       live timer, adds {@link #PROBE} timers behind it and cancels them all: the heap size that the compaction
 *       rule leaves depends on the count, so compared with the same probe on a fresh loop it shows by how many
 *       updates the count is off (0 when exact);</li>
 *   <li>r3: the heap size after the pin is cancelled too and the loop has run (must be 0).</li>
 * </ul>
 */
public final class TimerCancel {
    static final int K = 8;
    static final int PROBE = 150;
    static final Duration FAR = Duration.ofHours(1);
    /** The probe's heap size on a loop whose count is exact. */
    static final int PROBE_BASELINE = probe(EventLoop.create());

    private TimerCancel() {
    }

    /** Runs the probe on the loop thread and returns the heap size it left (the pin included). */
    static int probe(EventLoop loop) {
        int[] size = {-1};
        TimerHandle[] pin = new TimerHandle[1];
        loop.callSoon(() -> {
            pin[0] = loop.callLater(FAR, () -> { });
            TimerHandle[] hs = new TimerHandle[PROBE];
            for (int i = 0; i < PROBE; i++) hs[i] = loop.callLater(FAR.plus(FAR), () -> { });
            for (TimerHandle h : hs) h.cancel();
            size[0] = loop.stats().timers();
            pin[0].cancel();
        });
        Loops.runOnce(loop);
        return size[0];
    }

    @JCStressTest
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "Every timer left the heap, and the cancelled-timer count is exact.")
    @Outcome(id = "0, -?[1-9][0-9]*, 0", expect = FORBIDDEN, desc = "Cross-thread cancel() lost or doubled updates of the loop's cancelled-timer count (r2 = drift): the compaction rule is off by that much; a negative drift lets cancelled timers pile up behind a live one.")
    @Outcome(expect = FORBIDDEN, desc = "Cancelled timers stayed in the heap after the loop ran.")
    @State
    public static class CancelFromTwoThreads {
        final EventLoop loop = EventLoop.create();
        final TimerHandle[] foreign = new TimerHandle[K];
        final TimerHandle[] local = new TimerHandle[K];

        public CancelFromTwoThreads() {
            for (int i = 0; i < K; i++) {
                foreign[i] = loop.callLater(FAR, () -> { });
                local[i] = loop.callLater(FAR, () -> { });
            }
        }

        @Actor
        public void otherThread() {
            for (TimerHandle h : foreign) h.cancel();
        }

        @Actor
        public void loopThread() {
            loop.callSoon(() -> {
                for (TimerHandle h : local) h.cancel();
            });
            Loops.runOnce(loop);
        }

        @Arbiter
        public void check(III_Result r) {
            Loops.runOnce(loop);
            r.r1 = loop.stats().timers();
            r.r2 = probe(loop) - PROBE_BASELINE;
            Loops.runOnce(loop);
            r.r3 = loop.stats().timers();
            loop.close();
        }
    }
}
