package io.loopfx.stress;

import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 1 (issue 10, defect 1): a wake-up sent from another thread is never lost. The actor runs the loop on
 * its thread, which parks once nothing is ready; the signal, from another thread, must end the run. STALE means
 * the loop parked through the signal (a lost wake-up): the actor never returns.
 *
 * <p>jcstress sends the signal about a millisecond after the actor thread starts, when the loop has long been
 * parked: that checks the unpark path only. The loop's dangerous moment is the short one between its last look
 * at its stop condition and its park. The {@code Aimed} tests aim at it: the loop runs a callback that holds it
 * until the signal thread lets it go, and the signal comes a random fraction of a microsecond later, while the
 * loop finishes the iteration and goes to park.
 */
public final class WakeUp {
    private WakeUp() {
    }

    /** Holds the loop in a callback until the signal thread releases it, so that the signal lands as the loop parks. */
    static final class Aim {
        private static final long GIVE_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
        private volatile boolean holding;
        private volatile boolean released;

        /** Loop thread (a callback): spins until released (or, as a safety net, 100 ms). */
        void hold() {
            holding = true;
            long end = System.nanoTime() + GIVE_UP_NANOS;
            while (!released && System.nanoTime() - end < 0) Thread.onSpinWait();
        }

        /** Signal thread: waits until the loop holds, releases it, then waits a random sub-microsecond moment. */
        void release() {
            long end = System.nanoTime() + GIVE_UP_NANOS;
            while (!holding && System.nanoTime() - end < 0) Thread.onSpinWait();
            released = true;
            for (int i = ThreadLocalRandom.current().nextInt(48); i > 0; i--) Thread.onSpinWait();
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "stop() from another thread ended runForever().")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: runForever() stayed parked after stop().")
    @State
    public static class StopEndsRunForever {
        final EventLoop loop = EventLoop.create();

        @Actor
        public void actor() {
            loop.runForever();
        }

        @Signal
        public void signal() {
            loop.stop();
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "cancel() from another thread ended runUntilComplete() (it throws CancellationException).")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: runUntilComplete() stayed parked after its future was cancelled.")
    @State
    public static class CrossThreadCancelEndsRunUntilComplete {
        final EventLoop loop = EventLoop.create();
        final LoopFuture<Integer> never = loop.createFuture();

        @Actor
        public void actor() {
            try {
                loop.runUntilComplete(never);
            } catch (Exception expected) {
                // CancellationException
            }
        }

        @Signal
        public void signal() {
            never.cancel(); // thread-safe: done at once, the loop is told (stop() no longer ends runUntilComplete)
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The callback sent with callSoonThreadsafe woke the loop and stopped it.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the loop stayed parked with a callback from another thread queued.")
    @State
    public static class ThreadsafeCallbackStopsRunForever {
        final EventLoop loop = EventLoop.create();

        @Actor
        public void actor() {
            loop.runForever();
        }

        @Signal
        public void signal() {
            loop.callSoonThreadsafe(loop::stop);
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Completing the CompletableFuture on another thread ended runUntilComplete(wrap(cf)).")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: runUntilComplete(wrap(cf)) stayed parked after cf completed.")
    @State
    public static class WrappedFutureEndsRunUntilComplete {
        final EventLoop loop = EventLoop.create();
        final CompletableFuture<Integer> cf = new CompletableFuture<>();
        final LoopFuture<Integer> wrapped = loop.wrap(cf);

        @Actor
        public void actor() {
            try {
                loop.runUntilComplete(wrapped);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Signal
        public void signal() {
            cf.complete(1);
        }
    }

    /** The signal thread sends work with submit (a task on the loop) that completes the future the loop waits for. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Work sent with submit() ran and ended runUntilComplete().")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: runUntilComplete() stayed parked with submitted work queued.")
    @State
    public static class SubmitEndsRunUntilComplete {
        final EventLoop loop = EventLoop.create();
        final LoopFuture<Integer> done = loop.createFuture();

        @Actor
        public void actor() {
            try {
                loop.runUntilComplete(done);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Signal
        public void signal() {
            loop.submit(() -> {
                done.setResult(1);
                return null;
            });
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "stop() as the loop went to park ended runForever().")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: stop() landed as the loop went to park, and runForever() parked forever.")
    @State
    public static class AimedStopEndsRunForever {
        final EventLoop loop = EventLoop.create();
        final Aim aim = new Aim();

        @Actor
        public void actor() {
            loop.callSoon(aim::hold);
            loop.runForever();
        }

        @Signal
        public void signal() {
            aim.release();
            loop.stop();
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "cancel() as the loop went to park ended runUntilComplete().")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the future was cancelled as the loop went to park, and runUntilComplete() parked forever.")
    @State
    public static class AimedCrossThreadCancelEndsRunUntilComplete {
        final EventLoop loop = EventLoop.create();
        final LoopFuture<Integer> never = loop.createFuture();
        final Aim aim = new Aim();

        @Actor
        public void actor() {
            loop.callSoon(aim::hold);
            try {
                loop.runUntilComplete(never);
            } catch (Exception expected) {
                // CancellationException
            }
        }

        @Signal
        public void signal() {
            aim.release();
            never.cancel();
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "callSoonThreadsafe(stop) as the loop went to park woke it.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the loop parked with a callback from another thread queued.")
    @State
    public static class AimedThreadsafeCallbackStopsRunForever {
        final EventLoop loop = EventLoop.create();
        final Aim aim = new Aim();

        @Actor
        public void actor() {
            loop.callSoon(aim::hold);
            loop.runForever();
        }

        @Signal
        public void signal() {
            aim.release();
            loop.callSoonThreadsafe(loop::stop);
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Completing the CompletableFuture as the loop went to park ended runUntilComplete(wrap(cf)).")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: runUntilComplete(wrap(cf)) parked forever after cf completed.")
    @State
    public static class AimedWrappedFutureEndsRunUntilComplete {
        final EventLoop loop = EventLoop.create();
        final CompletableFuture<Integer> cf = new CompletableFuture<>();
        final LoopFuture<Integer> wrapped = loop.wrap(cf);
        final Aim aim = new Aim();

        @Actor
        public void actor() {
            loop.callSoon(aim::hold);
            try {
                loop.runUntilComplete(wrapped);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Signal
        public void signal() {
            aim.release();
            cf.complete(1);
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Work sent with submit() as the loop went to park ran and ended runUntilComplete().")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: runUntilComplete() parked forever with submitted work queued.")
    @State
    public static class AimedSubmitEndsRunUntilComplete {
        final EventLoop loop = EventLoop.create();
        final LoopFuture<Integer> done = loop.createFuture();
        final Aim aim = new Aim();

        @Actor
        public void actor() {
            loop.callSoon(aim::hold);
            try {
                loop.runUntilComplete(done);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Signal
        public void signal() {
            aim.release();
            loop.submit(() -> {
                done.setResult(1);
                return null;
            });
        }
    }
}
