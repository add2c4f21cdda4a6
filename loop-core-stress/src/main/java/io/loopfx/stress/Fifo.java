package io.loopfx.stress;

import io.loopfx.core.EventLoop;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 3 (issue 10, defect 10): callbacks run in the order their scheduling calls happened. A callback A
 * sent with callSoonThreadsafe by another thread, whose sending happens-before (through a volatile flag) a
 * callSoon(B) on the loop's side, runs before B. The loop is not running, so the loop-side actor may call
 * callSoon; the arbiter then runs the loop on its thread.
 */
public final class Fifo {
    private Fifo() {
    }

    /** r1: 1 if the loop side saw the flag (and called callSoon(B)). r2: what ran: 1 = A, 2 = A then B, 3 = B then A. */
    @JCStressTest
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Flag not seen: only A was scheduled, and it ran.")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Flag seen: A ran before B.")
    @Outcome(id = "1, 3", expect = FORBIDDEN, desc = "Flag seen, yet B ran before A: callSoonThreadsafe(A) happened-before callSoon(B).")
    @Outcome(expect = FORBIDDEN, desc = "A callback was lost or ran twice.")
    @State
    public static class ThreadsafeThenCallSoon {
        final EventLoop loop = EventLoop.create();
        final StringBuilder order = new StringBuilder(); // appended on the loop thread only
        volatile boolean posted;

        @Actor
        public void otherThread() {
            loop.callSoonThreadsafe(() -> order.append('A'));
            posted = true;
        }

        @Actor
        public void loopSide(II_Result r) {
            if (posted) {
                r.r1 = 1;
                loop.callSoon(() -> order.append('B'));
            }
        }

        @Arbiter
        public void check(II_Result r) {
            Loops.runOnce(loop);
            Loops.runOnce(loop); // a second iteration, in case the loop hands over a callback one iteration late
            loop.close();
            r.r2 = switch (order.toString()) {
                case "A" -> 1;
                case "AB" -> 2;
                case "BA" -> 3;
                case "" -> 0;
                default -> 9;
            };
        }
    }
}
