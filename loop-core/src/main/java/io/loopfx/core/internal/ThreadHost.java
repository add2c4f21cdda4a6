package io.loopfx.core.internal;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopDriver;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs the loop on whichever thread calls {@link #runUntil}, parking it until the next timer or a wake-up.
 * No busy waiting: the thread parks exactly while nothing is ready.
 */
public class ThreadHost implements Host {
    private static final int AWAKE = 0;
    private static final int PARKED = 1;

    private final AtomicInteger state = new AtomicInteger(AWAKE);
    private volatile Thread thread;
    /** The loop this host drives. */
    protected LoopDriver driver;

    /** Creates a host; the loop attaches itself. */
    public ThreadHost() {
    }

    @Override
    public void attach(LoopDriver driver) {
        this.driver = driver;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean isLoopThread() {
        return thread == Thread.currentThread();
    }

    @Override
    public void requestRun() {
        // The loop thread publishes PARKED before its last look at the queues, and producers enqueue before
        // reading the state, so either the loop sees the callback or the producer sees PARKED: no lost wake-up.
        if (state.get() == PARKED && state.compareAndSet(PARKED, AWAKE)) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void timersChanged(long deadlineNanos) {
        // The loop thread computes its park time itself before every park.
    }

    @Override
    public void runUntil(BooleanSupplier done) {
        Thread previous = thread;
        thread = Thread.currentThread();
        try {
            while (true) {
                driver.runOnce(Long.MAX_VALUE);
                if (done.getAsBoolean()) return;
                if (!driver.hasReady()) idle(driver.nextDeadline());
            }
        } finally {
            thread = previous;
        }
    }

    /**
     * Waits until {@code deadline} or a wake-up. Returns early on spurious wake-ups; the caller loops.
     *
     * @param deadline the earliest timer deadline, or {@link Long#MAX_VALUE}
     */
    protected void idle(long deadline) {
        park(deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - nanoTime());
    }

    /**
     * Parks the loop thread for up to {@code nanos} unless a callback is ready.
     *
     * @param nanos the longest wait; {@link Long#MAX_VALUE} for "until woken"
     */
    protected final void park(long nanos) {
        if (nanos <= 0) return;
        state.set(PARKED);
        try {
            if (driver.hasReady()) return;
            if (nanos == Long.MAX_VALUE) LockSupport.park(this);
            else LockSupport.parkNanos(this, nanos);
        } finally {
            state.set(AWAKE);
        }
    }
}
