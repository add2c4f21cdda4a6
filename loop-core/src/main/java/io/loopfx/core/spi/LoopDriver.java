package io.loopfx.core.spi;

/** The side of an event loop that its {@link Host} calls. */
public interface LoopDriver {
    /**
     * What {@link #runOnce} returns when callbacks are ready already: run again at once. It is
     * {@link Long#MIN_VALUE}, so compare with {@code ==} before any arithmetic with the clock.
     */
    long RUN_AGAIN = Long.MIN_VALUE;

    /**
     * Loop thread: runs one iteration: takes in callbacks from other threads, moves due timers to the ready
     * queue, then runs the callbacks that were ready, stopping early (keeping the rest, in order) once
     * {@code budgetNanos} have passed. Returns when the loop next has something to do: {@link #RUN_AGAIN} if
     * callbacks are ready already, else the earliest timer deadline (which may have passed), or
     * {@link Long#MAX_VALUE} if nothing is scheduled.
     *
     * @param budgetNanos how long the iteration may run; {@link Long#MAX_VALUE} for no limit
     * @return {@link #RUN_AGAIN}, or the next wake-up in the loop's clock
     */
    long runOnce(long budgetNanos);

    /**
     * Returns the loop's clock.
     *
     * @return the clock
     */
    LoopClock clock();
}
