package io.loopfx.stress;

import io.loopfx.core.EventLoop;
import io.loopfx.core.TimerHandle;

import java.time.Duration;

/** Small helpers shared by the tests: run a loop that is not running for a few iterations on the calling thread. */
final class Loops {
    /** How long {@link #runBriefly} waits for its own stop callback before a timer stops the loop instead. */
    static final Duration BACKSTOP = Duration.ofMillis(200);

    private Loops() {
    }

    /**
     * Runs {@code loop} on the calling thread for one iteration: what is ready now runs, then the loop stops.
     * No timer is added, so the heap is left as it is (for the timer test).
     */
    static void runOnce(EventLoop loop) {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    /**
     * Like {@link #runOnce}, but a timer also stops the loop after {@link #BACKSTOP}, so that the caller returns
     * even when a race corrupted the ready queue and lost the stop callback.
     *
     * @return true if the loop ended by its stop callback, false if the backstop timer had to end it
     */
    static boolean runBriefly(EventLoop loop) {
        boolean[] stoppedInTime = {false};
        TimerHandle backstop = loop.callLater(BACKSTOP, loop::stop);
        loop.callSoon(() -> {
            stoppedInTime[0] = true;
            loop.stop();
        });
        loop.runForever();
        backstop.cancel();
        return stoppedInTime[0];
    }

    /**
     * Checks that the loop still works after a race: a batch of callbacks sent with callSoonThreadsafe from this
     * thread (the loop is not running) all run, once each, in one short run.
     *
     * @return "ok", or a word that says what went wrong
     */
    static String health(EventLoop loop) {
        final int n = 3;
        int[] ran = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                int k = i;
                loop.callSoonThreadsafe(() -> ran[k]++);
            }
            boolean inTime = runBriefly(loop);
            for (int c : ran) if (c != 1) return "batch-lost";
            return inTime ? "ok" : "stop-lost";
        } catch (Throwable t) {
            return "broken-" + t.getClass().getSimpleName();
        }
    }
}
