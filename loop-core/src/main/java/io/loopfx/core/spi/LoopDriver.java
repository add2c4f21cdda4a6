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

    /**
     * Any thread: the host runs this loop by itself from now on, on its thread ({@link Host#isLoopThread()}),
     * whenever that thread is free (a GUI toolkit's thread), not only inside {@link Host#runUntil}. From then on
     * the loop counts as running, only the host's thread may call its loop-thread methods,
     * {@code EventLoop.current()} returns it on that thread also outside its callbacks (from this call on if it
     * is made there, else from the loop's first iteration there), and {@code runForever}/{@code runUntilComplete}
     * called on another thread wait instead of running it. It lasts until the loop is shut down.
     */
    void runByHost();

    /**
     * Returns true once the loop has finished for good (shut down or closed): a host stops driving it and frees
     * what it holds (a timer thread, say).
     *
     * @return whether the loop has finished
     */
    boolean isFinished();
}
