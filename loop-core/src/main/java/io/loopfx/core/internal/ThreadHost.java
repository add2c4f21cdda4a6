package io.loopfx.core.internal;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopDriver;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs the loop on whichever thread calls {@link #runUntil}, parking it until the next timer or a wake-up.
 * The thread parks while nothing is ready; it never polls.
 *
 * <p>The wake-up protocol has no window: every iteration starts by resetting {@link #state} to AWAKE, and
 * the thread parks only if it can move AWAKE to PARKED afterwards. Whoever changes what the loop looks at
 * (a queue, a stop flag, a future's state) changes it first and then calls {@link #requestRun()}, which sets
 * NOTIFIED and unparks a PARKED thread. If the change came too late for the iteration to see it, the
 * NOTIFIED set after the reset makes the compare-and-set fail, so the thread runs another iteration instead
 * of parking (the same idea as Netty's wake-up flag). All of it is volatile, so there is no reordering.
 *
 * <p>Timers are precise to a few microseconds: a timed park on Linux oversleeps by up to the thread's timer
 * slack (50 µs by default), so the thread parks until {@link #SPIN_WINDOW_NANOS} before the deadline and
 * spins the rest, watching for wake-ups. That costs at most that window of CPU per timer deadline, and
 * nothing while the loop waits for a far deadline or for a wake-up.
 */
public class ThreadHost implements Host {
    /** How close to a timer deadline the loop thread stops parking and spins instead. */
    static final long SPIN_WINDOW_NANOS = 60_000;

    private static final int AWAKE = 0;
    private static final int PARKED = 1;
    private static final int NOTIFIED = 2;

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
        // The read first: many producers in a row see NOTIFIED and write nothing (no cache-line ping-pong).
        if (state.get() != NOTIFIED && state.getAndSet(NOTIFIED) == PARKED) {
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
                state.set(AWAKE); // from here on, a requestRun() keeps this thread from parking
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
        if (deadline == Long.MAX_VALUE) {
            park(Long.MAX_VALUE);
            return;
        }
        long remaining = deadline - nanoTime();
        if (remaining > SPIN_WINDOW_NANOS) {
            park(remaining - SPIN_WINDOW_NANOS);
            return;
        }
        while (nanoTime() - deadline < 0 && state.get() != NOTIFIED) Thread.onSpinWait();
    }

    /**
     * Parks the loop thread for up to {@code nanos} unless a run was requested since this iteration began.
     *
     * @param nanos the longest wait; {@link Long#MAX_VALUE} for "until woken"
     */
    protected final void park(long nanos) {
        if (nanos <= 0 || !state.compareAndSet(AWAKE, PARKED)) return;
        if (nanos == Long.MAX_VALUE) LockSupport.park(this);
        else LockSupport.parkNanos(this, nanos);
        // The next iteration resets the state; a requestRun() that saw PARKED has unparked us.
    }
}
