package io.loopfx.core;

/** A callback scheduled for a point in time, as returned by {@link EventLoop#callLater} and {@link EventLoop#callAt}. */
public interface TimerHandle extends Handle {
    /**
     * Returns the deadline, in the loop's clock ({@link EventLoop#time()}, nanoseconds); the callback never runs before it.
     *
     * @return the deadline in nanoseconds
     */
    long when();
}
