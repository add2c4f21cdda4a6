package io.loopfx.core.internal;

import java.util.function.BooleanSupplier;

/**
 * Waits for a deadline precisely and cheaply: a timed park on Linux oversleeps by up to the thread's timer
 * slack (50 µs by default), so it parks until {@link #SPIN_WINDOW_NANOS} before the deadline and spins the
 * rest. That costs at most that window of CPU per deadline, and nothing while waiting for a far one. Used by
 * the thread host and the JavaFX bridge's timer thread.
 */
public final class PreciseWait {
    /** How close to a deadline the thread stops parking and spins instead. */
    public static final long SPIN_WINDOW_NANOS = 60_000;

    /** Parks the calling thread for at most the given time; may return early. */
    @FunctionalInterface
    public interface Parker {
        /**
         * Parks for at most {@code nanos}.
         *
         * @param nanos the longest park
         */
        void park(long nanos);
    }

    private PreciseWait() {
    }

    /**
     * One step of waiting until {@code deadline} ({@link System#nanoTime()}): parks with {@code parker} if the
     * deadline is further than the spin window, else spins until it has passed or {@code stop} is true. May
     * return before the deadline (a wake-up): the caller looks again and calls again.
     *
     * @param deadline the deadline
     * @param parker   how to park (the caller's wake-up protocol)
     * @param stop     checked while spinning: a wake-up that ends the wait
     */
    public static void step(long deadline, Parker parker, BooleanSupplier stop) {
        long wait = deadline - System.nanoTime();
        if (wait > SPIN_WINDOW_NANOS) {
            parker.park(wait - SPIN_WINDOW_NANOS);
            return;
        }
        while (System.nanoTime() - deadline < 0 && !stop.getAsBoolean()) Thread.onSpinWait();
    }
}
