package io.loopfx.core;

/**
 * A callback scheduled on an {@link EventLoop}, as returned by {@link EventLoop#callSoon}.
 * Cancelling it before it runs guarantees that it never runs.
 */
public interface Handle {
    /** Cancels the callback; it will never run. Cancelling twice, or after it ran, does nothing. */
    void cancel();

    /**
     * Returns true once {@link #cancel()} was called.
     *
     * @return whether it was cancelled
     */
    boolean isCancelled();
}
