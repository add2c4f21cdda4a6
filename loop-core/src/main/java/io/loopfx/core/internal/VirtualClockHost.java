package io.loopfx.core.internal;

/**
 * A {@link ThreadHost} with a virtual clock: when nothing is ready, time jumps to the next timer instead of
 * passing. Only when no timer is scheduled does it wait (in real time) for a callback from another thread.
 */
public final class VirtualClockHost extends ThreadHost {
    private volatile long now;

    /** Creates a host whose clock starts at zero. */
    public VirtualClockHost() {
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    protected void idle(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            park(Long.MAX_VALUE);
        } else if (deadline > now) {
            now = deadline;
        }
    }
}
