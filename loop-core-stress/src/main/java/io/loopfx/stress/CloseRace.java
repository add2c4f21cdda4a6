package io.loopfx.stress;

import io.loopfx.core.EventLoop;
import io.loopfx.core.Handle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 2 (issue 10, defect 3): nothing that callSoonThreadsafe or submit accepted is dropped silently when
 * close() runs at the same time. The loop is not running (close() refuses a running loop). Either the call is
 * rejected (IllegalStateException: closed), or what it accepted is accounted for after close().
 */
public final class CloseRace {
    private CloseRace() {
    }

    /** r1: 1 if callSoonThreadsafe returned a handle, 0 if it threw. r2: bits 1 = handle cancelled, 2 = reported to the exception handler, 4 = the callback ran. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Rejected: close() came first.")
    @Outcome(id = "1, 3", expect = ACCEPTABLE, desc = "Accepted, then close() cancelled the handle and reported the drop to the exception handler.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Accepted and dropped silently: not run, handle not cancelled, nothing reported.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Accepted, cancelled, but the drop was not reported to the exception handler.")
    @Outcome(id = "1, 2", expect = FORBIDDEN, desc = "Accepted and reported, but the handle does not say it was cancelled.")
    @Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
    @State
    public static class CallSoonThreadsafeVsClose {
        final EventLoop loop = EventLoop.create();
        final AtomicInteger reports = new AtomicInteger();
        volatile boolean ran;
        Handle handle;

        public CallSoonThreadsafeVsClose() {
            loop.setExceptionHandler((l, context) -> reports.incrementAndGet());
        }

        @Actor
        public void post(II_Result r) {
            try {
                handle = loop.callSoonThreadsafe(() -> ran = true);
                r.r1 = 1;
            } catch (IllegalStateException closed) {
                r.r1 = 0;
            }
        }

        @Actor
        public void close() {
            loop.close();
        }

        @Arbiter
        public void check(II_Result r) {
            Handle h = handle;
            r.r2 = (h != null && h.isCancelled() ? 1 : 0) | (reports.get() > 0 ? 2 : 0) | (ran ? 4 : 0);
        }
    }

    /** r1: 1 if submit returned a future, 0 if it threw. r2: that future after close(): 0 pending, 1 cancelled, 2 failed, 3 completed normally. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Rejected: close() came first.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Accepted; close() cancelled the submitted work's future.")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Accepted; close() failed the submitted work's future.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Accepted and dropped silently: the future stays pending forever.")
    @Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
    @State
    public static class SubmitVsClose {
        final EventLoop loop = EventLoop.create();
        CompletableFuture<Integer> future;

        public SubmitVsClose() {
            loop.setExceptionHandler((l, context) -> { });
        }

        @Actor
        public void post(II_Result r) {
            try {
                future = loop.submit(() -> 1);
                r.r1 = 1;
            } catch (IllegalStateException closed) {
                r.r1 = 0;
            }
        }

        @Actor
        public void close() {
            loop.close();
        }

        @Arbiter
        public void check(II_Result r) {
            CompletableFuture<Integer> f = future;
            if (f == null || !f.isDone()) r.r2 = 0;
            else if (f.isCancelled()) r.r2 = 1;
            else if (f.isCompletedExceptionally()) r.r2 = 2;
            else r.r2 = 3;
        }
    }
}
