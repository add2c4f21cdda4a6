package io.loopfx.core.spi;

/** The side of an event loop that its {@link Host} calls. */
public interface LoopDriver {
    /**
     * Loop thread: runs one iteration: takes in callbacks from other threads, moves due timers to the ready
     * queue, then runs the callbacks that were ready, stopping early (keeping the rest, in order) once
     * {@code budgetNanos} have passed. Returns when the loop next has something to do: a time at or before
     * {@link #clock()}'s now if callbacks are ready already, the earliest timer deadline, or
     * {@link Long#MAX_VALUE} if nothing is scheduled.
     *
     * @param budgetNanos how long the iteration may run; {@link Long#MAX_VALUE} for no limit
     * @return the next wake-up, in the loop's clock
     */
    long runOnce(long budgetNanos);

    /**
     * Returns the loop's clock.
     *
     * @return the clock
     */
    LoopClock clock();
}
