package io.loopfx.stress;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 4 (issue 10, defect 13): {@code Future.cancel(boolean)}, which generic code calls from any thread,
 * racing the loop thread's completion leaves exactly one outcome, runs each done callback once, and leaves the
 * loop working. Each state has its own loop; the second actor runs it on its thread (the loop thread of this
 * round) while the first actor cancels from another thread. The arbiter then runs the loop to flush the done
 * callbacks, and checks that a batch of callSoonThreadsafe callbacks still runs.
 *
 * <p>The outcome is one string: {@code cancel=} what cancel(true) returned, {@code set=} 1 if the loop's
 * completion did not throw and the future was done when it returned (2 if it was not), the final state, how often the done callback ran, and the loop's health.
 */
public final class CrossThreadCancel {
    private CrossThreadCancel() {
    }

    @JCStressTest
    @Outcome(id = "cancel=1 set=1 state=cancelled callbacks=1 loop=ok", expect = ACCEPTABLE, desc = "cancel won; setResult lost the race and, as documented, did nothing.")
    @Outcome(id = "cancel=0 set=1 state=result callbacks=1 loop=ok", expect = ACCEPTABLE, desc = "setResult won; cancel returned false.")
    @Outcome(id = "cancel=1 set=0 .*", expect = FORBIDDEN, desc = "setResult threw although it only lost a race to a cancel from another thread.")
    @Outcome(id = "cancel=1 set=2 .*", expect = FORBIDDEN, desc = "setResult lost the race and returned while the future still read as pending (the other thread's cancel was under way).")
    @Outcome(id = "cancel=1 set=1 state=result.*", expect = FORBIDDEN, desc = "Both won: cancel returned true, yet the value stands.")
    @Outcome(id = ".* callbacks=2 .*", expect = FORBIDDEN, desc = "The done callback ran twice.")
    @Outcome(id = ".* callbacks=0 .*", expect = FORBIDDEN, desc = "The done callback never ran.")
    @Outcome(id = "cancel=[01] set=-1 .*", expect = FORBIDDEN, desc = "The loop's own setResult callback never ran: lost from the ready queue.")
    @Outcome(id = ".* loop=(?!ok).*", expect = FORBIDDEN, desc = "The race corrupted the loop: a later callback batch or the stop callback was lost, or the loop threw.")
    @Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden.")
    @State
    public static class FutureCancelVsSetResult {
        final EventLoop loop = EventLoop.create();
        final LoopFuture<Integer> future = loop.createFuture();
        final AtomicInteger callbacks = new AtomicInteger();
        int cancelled;
        volatile int set = -1;
        volatile String loopError;

        /** setResult after a cancel(true) from another thread does nothing (the cancellation won the race). */
        public FutureCancelVsSetResult() {
            loop.setExceptionHandler((l, context) -> { });
            future.addDoneCallback(f -> callbacks.incrementAndGet());
        }

        @Actor
        public void otherThread() {
            cancelled = future.cancel(true) ? 1 : 0;
        }

        @Actor
        public void loopThread() {
            try {
                loop.callSoon(() -> {
                    try {
                        future.setResult(1);
                        set = future.isDone() ? 1 : 2; // done once setResult returns, whoever won
                    } catch (IllegalStateException alreadyDone) {
                        set = 0;
                    }
                });
                if (!Loops.runBriefly(loop)) loopError = "stop-lost";
            } catch (Throwable t) {
                loopError = "broken-" + t.getClass().getSimpleName();
            }
        }

        @Arbiter
        public void check(L_Result r) {
            String health;
            try {
                Loops.runBriefly(loop); // the done callbacks scheduled by the race
                health = loopError != null ? loopError : Loops.health(loop);
            } catch (Throwable t) {
                health = "broken-" + t.getClass().getSimpleName();
            }
            String state = future.isCancelled() ? "cancelled" : future.isDone() ? "result" : "pending";
            r.r1 = "cancel=" + cancelled + " set=" + set + " state=" + state + " callbacks=" + callbacks.get() + " loop=" + health;
            closeQuietly(loop);
        }
    }

    /**
     * A task awaiting a future is cancelled from another thread while the loop thread completes that future.
     * Either way the task ends cancelled (cancel requested before it resumed) or with the value (cancel came
     * after it finished, returning false); its finally block and done callback run exactly once.
     */
    @JCStressTest
    @Outcome(id = "cancel=1 set=[01] task=cancelled finally=1 callbacks=1 loop=ok", expect = ACCEPTABLE, desc = "cancel(true) was honoured: the task ended cancelled, once.")
    @Outcome(id = "cancel=0 set=1 task=result finally=1 callbacks=1 loop=ok", expect = ACCEPTABLE, desc = "The task finished with the value before cancel(true), which returned false.")
    @Outcome(id = "cancel=1 set=[01] task=result .*", expect = FORBIDDEN, desc = "cancel(true) returned true, yet the task finished normally: the cancel request was lost.")
    @Outcome(id = ".* loop=(?!ok).*", expect = FORBIDDEN, desc = "The race corrupted the loop: a later callback batch or the stop callback was lost, or the loop threw.")
    @Outcome(expect = FORBIDDEN, desc = "Other cases are forbidden (task pending, finally or done callback not exactly once).")
    @State
    public static class TaskCancelWhileAwaiting {
        final EventLoop loop = EventLoop.create();
        final LoopFuture<Integer> gate = loop.createFuture();
        final AtomicInteger finallyRuns = new AtomicInteger();
        final AtomicInteger callbacks = new AtomicInteger();
        final Task<Integer> task;
        int cancelled;
        volatile int set = -1;
        volatile String loopError;

        public TaskCancelWhileAwaiting() {
            loop.setExceptionHandler((l, context) -> { });
            task = loop.createTask(() -> {
                try {
                    return Async.await(gate);
                } finally {
                    finallyRuns.incrementAndGet();
                }
            });
            task.addDoneCallback(t -> callbacks.incrementAndGet());
            Loops.runBriefly(loop); // the task starts and suspends on the gate
        }

        @Actor
        public void otherThread() {
            cancelled = task.cancel(true) ? 1 : 0;
        }

        @Actor
        public void loopThread() {
            try {
                loop.callSoon(() -> {
                    try {
                        gate.setResult(1);
                        set = 1;
                    } catch (IllegalStateException alreadyDone) {
                        set = 0;
                    }
                });
                if (!Loops.runBriefly(loop)) loopError = "stop-lost";
            } catch (Throwable t) {
                loopError = "broken-" + t.getClass().getSimpleName();
            }
        }

        @Arbiter
        public void check(L_Result r) {
            String health;
            try {
                // The task's resumption, then its done callback: a few short runs.
                for (int i = 0; i < 4 && !(task.isDone() && callbacks.get() > 0); i++) Loops.runBriefly(loop);
                Loops.runBriefly(loop); // a done callback scheduled twice would run here
                health = loopError != null ? loopError : Loops.health(loop);
            } catch (Throwable t) {
                health = "broken-" + t.getClass().getSimpleName();
            }
            String state = task.isCancelled() ? "cancelled" : task.isDone() ? "result" : "pending";
            r.r1 = "cancel=" + cancelled + " set=" + set + " task=" + state + " finally=" + finallyRuns.get()
                    + " callbacks=" + callbacks.get() + " loop=" + health;
            closeQuietly(loop);
        }
    }

    static void closeQuietly(EventLoop loop) {
        try {
            loop.close();
        } catch (Throwable ignored) {
            // a corrupted loop may refuse; it is garbage anyway
        }
    }
}
