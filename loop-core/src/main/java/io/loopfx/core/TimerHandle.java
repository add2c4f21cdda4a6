package io.loopfx.core;

/** A callback scheduled for a point in time, as returned by {@link EventLoop#callLater} and {@link EventLoop#callAt}. */
public interface TimerHandle extends Handle {
    /** The deadline, in the loop's clock ({@link EventLoop#time()}, nanoseconds); the callback never runs before it. */
    long when();
}
