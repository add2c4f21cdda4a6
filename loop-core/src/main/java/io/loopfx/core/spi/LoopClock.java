package io.loopfx.core.spi;

/**
 * The time of an event loop, in monotonic nanoseconds: {@link #system()} for real time, or a virtual clock
 * for tests ({@code EventLoop.withVirtualClock()}) that jumps to the next timer whenever the loop is idle.
 */
public interface LoopClock {
    /**
     * Returns the current time.
     *
     * @return the time in nanoseconds
     */
    long nanoTime();

    /**
     * The loop has nothing to do before {@code deadline}: a virtual clock jumps there and returns true (the
     * host need not wait); a real clock returns false.
     *
     * @param deadline the next timer deadline
     * @return true if the time is now at or past {@code deadline}
     */
    default boolean skipTo(long deadline) {
        return false;
    }

    /**
     * Returns the real monotonic clock ({@link System#nanoTime()}).
     *
     * @return the system clock
     */
    static LoopClock system() {
        return System::nanoTime;
    }
}
