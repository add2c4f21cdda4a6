package io.loopfx.core.spi;

/** The side of an event loop that its {@link Host} calls. All methods are for the loop thread only. */
public interface LoopDriver {
    /**
     * Runs one iteration: takes in callbacks from other threads, moves due timers to the ready queue, then
     * runs the callbacks that were ready, stopping early (keeping the rest, in order) once
     * {@code budgetNanos} have passed.
     *
     * @param budgetNanos how long the iteration may run; {@link Long#MAX_VALUE} for no limit
     */
    void runOnce(long budgetNanos);

    /**
     * Returns true if a callback is ready to run (including ones sent from other threads).
     *
     * @return whether a callback is ready
     */
    boolean hasReady();

    /**
     * Returns the deadline of the earliest live timer, or {@link Long#MAX_VALUE} if there is none.
     *
     * @return the earliest deadline in nanoseconds
     */
    long nextDeadline();
}
