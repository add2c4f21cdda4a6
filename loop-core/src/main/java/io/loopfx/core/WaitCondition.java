package io.loopfx.core;

import java.time.Duration;
import java.util.List;

/** The condition behind {@link Async#waitUntil}: when a {@link WaitMode} is satisfied, and waiting for it. */
final class WaitCondition {
    private WaitCondition() {
    }

    /** Returns true if {@code mode} is already satisfied by {@code futures}. */
    static boolean met(List<? extends LoopFuture<?>> futures, WaitMode mode) {
        boolean allDone = true;
        for (LoopFuture<?> f : futures) {
            if (!f.isDone()) {
                allDone = false;
            } else if (mode == WaitMode.FIRST_COMPLETED || (mode == WaitMode.FIRST_EXCEPTION && failed(f))) {
                return true;
            }
        }
        return allDone;
    }

    /**
     * Suspends the current task until {@code mode} is satisfied or {@code timeout} (null: none) passes.
     * Nothing is cancelled except the task's own wait, if the task is cancelled.
     */
    static void await(CoreLoop loop, List<? extends LoopFuture<?>> futures, WaitMode mode, Duration timeout) {
        LoopFuture<Void> released = new SignalFuture<>(loop, () -> "waitUntil(" + mode + ", " + futures.size()
                + " futures)", () -> futures);
        int[] left = {futures.size()};
        LoopFuture.LoopOwnedCallback onDone = LoopFuture.owned(f -> {
            left[0]--;
            if (left[0] <= 0 || mode == WaitMode.FIRST_COMPLETED || (mode == WaitMode.FIRST_EXCEPTION && failed(f))) {
                release(released);
            }
        });
        TimerHandle timer = timeout == null ? null : loop.callLater(timeout, () -> release(released));
        for (LoopFuture<?> f : futures) f.whenDone(onDone);
        try {
            Async.awaitSignal(released);
        } finally {
            if (timer != null) timer.cancel();
            for (LoopFuture<?> f : futures) f.removeWhenDone(onDone);
        }
    }

    private static void release(LoopFuture<Void> released) {
        if (!released.isDone()) released.setResultInternal(null);
    }

    private static boolean failed(LoopFuture<?> f) {
        return f.isDone() && !f.isCancelled() && !f.succeeded();
    }
}
