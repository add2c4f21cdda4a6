package io.loopfx.core.spi;

import java.util.function.BooleanSupplier;

/**
 * Where an event loop runs: a thread, and "run me soon" on it. The loop decides what runs and in what order;
 * a host only decides when and on which thread {@link LoopDriver#runOnce} is called (Trio's guest-mode split).
 * The clock is not the host's: it is a {@link LoopClock} of the loop.
 *
 * <p>loopfx ships a thread host (the loop runs on the thread that calls {@code runForever} and parks it while
 * nothing is due) and, in the JavaFX bridge, a host on the FX Application Thread. A host for another UI
 * toolkit (Swing's event dispatch thread, SWT's display thread) is one small class:
 * {@link #requestRun()} posts one {@code runOnce} to the toolkit's queue, {@link #wakeAt} arms a timer that
 * calls {@code requestRun()}, and {@link #runUntil} runs the toolkit's nested event loop (or refuses).
 */
public interface Host {
    /**
     * Gives the host the loop it drives; called once, by the loop's constructor.
     *
     * @param driver the loop's driver
     */
    void attach(LoopDriver driver);

    /**
     * Returns true if the calling thread is the one running the loop right now.
     *
     * @return whether the caller is on the loop thread
     */
    boolean isLoopThread();

    /** Thread-safe: makes the loop thread call {@link LoopDriver#runOnce} soon, waking it if it waits. */
    void requestRun();

    /**
     * Loop thread: the earliest timer deadline is now {@code deadlineNanos} ({@link Long#MAX_VALUE}: none), in
     * the loop's clock. A host that does not itself wait for the deadline {@link LoopDriver#runOnce} returns
     * must arrange a {@link #requestRun()} at or after it.
     *
     * @param deadlineNanos the earliest deadline
     */
    void wakeAt(long deadlineNanos);

    /**
     * Loop thread: runs the loop on the calling thread, returning once {@code done} is true ({@code done} is
     * checked after every iteration). A host whose thread runs an event loop of its own (a GUI toolkit) may be
     * asked to do this again while it does it (a nested run: a modal wait); one that cannot throws
     * {@link IllegalStateException}.
     *
     * @param done  the condition to return on
     * @param label what the run is for, e.g. {@code "runUntilComplete(Task[main, pending])"}, for monitors and errors
     */
    void runUntil(BooleanSupplier done, String label);
}
