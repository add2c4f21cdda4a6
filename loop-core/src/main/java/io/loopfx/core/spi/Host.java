package io.loopfx.core.spi;

import java.util.function.BooleanSupplier;

/**
 * What an event loop needs from the environment it runs in: a thread, a clock, and "run me soon".
 * The loop ({@link io.loopfx.core.BaseEventLoop}) decides what runs; a host only decides when and where
 * {@link LoopDriver#runOnce} is called. loopfx ships a thread host, a virtual-clock host and, in the
 * JavaFX bridge, a host on the FX Application Thread.
 */
public interface Host {
    /**
     * Gives the host the loop it drives; called once, by the loop's constructor.
     *
     * @param driver the loop's driver
     */
    void attach(LoopDriver driver);

    /**
     * Returns the loop's clock in monotonic nanoseconds.
     *
     * @return the current time in nanoseconds
     */
    long nanoTime();

    /**
     * Returns true if the calling thread is the one running the loop right now.
     *
     * @return whether the caller is on the loop thread
     */
    boolean isLoopThread();

    /** Thread-safe: makes the loop thread call {@link LoopDriver#runOnce} soon, waking it if it waits. */
    void requestRun();

    /**
     * Loop thread: the earliest timer deadline is now {@code deadlineNanos} ({@link Long#MAX_VALUE}: none).
     * A host that does not park in {@link #runUntil} must arrange a {@link LoopDriver#runOnce} at or after it.
     *
     * @param deadlineNanos the earliest deadline
     */
    void timersChanged(long deadlineNanos);

    /**
     * Loop thread: runs the loop on the calling thread, returning once {@code done} is true. {@code done}
     * is checked after every iteration.
     *
     * @param done the condition to return on
     */
    void runUntil(BooleanSupplier done);

    /**
     * Returns true if {@link #runUntil} may be entered again while it runs (a nested GUI event loop).
     *
     * @return whether this host supports nested runs; false by default
     */
    default boolean supportsNesting() {
        return false;
    }

    /**
     * Returns true if the calling code might be inside a nested event loop that the host runs; when it is,
     * {@code await} looks more closely at who is calling.
     *
     * @return whether nested loops are possible; false by default
     */
    default boolean mayBeNested() {
        return false;
    }

    /**
     * Returns true if {@code frame} is a frame of a nested event loop of the host (e.g. a modal dialog's),
     * so that {@code await} can refuse to suspend code that such a loop called.
     *
     * @param frame a stack frame between {@code await} and the task's own code
     * @return true if it is a nested-loop frame
     */
    default boolean isNestedLoopFrame(StackWalker.StackFrame frame) {
        return false;
    }
}
