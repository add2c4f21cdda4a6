package io.loopfx.core.internal;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopClock;
import io.loopfx.core.spi.LoopDriver;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs the loop on whichever thread calls {@link #runUntil}, parking it until the next timer or a wake-up.
 * The thread parks while nothing is ready; it never polls. With a virtual clock it does not wait for timers
 * at all: the clock jumps to them.
 *
 * <p>The wake-up protocol has no window: every iteration starts by resetting the state to AWAKE, and the
 * thread parks only if it can move AWAKE to PARKED afterwards. Whoever changes what the loop looks at (a
 * queue, a stop flag, a future's state) changes it first and then calls {@link #requestRun()}, which sets
 * NOTIFIED and unparks a PARKED thread. If the change came too late for the iteration to see it, the NOTIFIED
 * set after the reset makes the compare-and-set fail, so the thread runs another iteration instead of
 * parking (the same idea as Netty's wake-up flag). All of it is volatile, so there is no reordering.
 *
 * <p>An interrupt of the thread ends the run when the loop would next wait for work: {@link #runUntil} throws
 * {@link IllegalStateException} and the thread keeps its interrupt status, as a blocking call that does not
 * declare {@link InterruptedException} does. (A park returns at once while the status is set: waiting on would
 * spin.) Work that is ready still runs first; the loop stays open.
 */
public final class ThreadHost implements Host {
    private static final int AWAKE = 0;
    private static final int PARKED = 1;
    private static final int NOTIFIED = 2;

    private final AtomicInteger state = new AtomicInteger(AWAKE);
    private volatile Thread thread;
    private LoopDriver driver;
    private String runLabel; // loop thread: what the open run is for, for the interrupt's message

    /** Creates a host; the loop attaches itself. */
    public ThreadHost() {
    }

    @Override
    public void attach(LoopDriver driver) {
        this.driver = driver;
    }

    @Override
    public boolean isLoopThread() {
        return thread == Thread.currentThread();
    }

    @Override
    public void requestRun() {
        // The loop thread itself never needs waking: runOnce tells it that callbacks are ready.
        if (thread == Thread.currentThread()) return;
        // The read first: many producers in a row see NOTIFIED and write nothing (no cache-line ping-pong).
        if (state.get() != NOTIFIED && state.getAndSet(NOTIFIED) == PARKED) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void wakeAt(long deadlineNanos) {
        // The loop thread computes its park time itself, from what runOnce returns.
    }

    @Override
    public void runUntil(BooleanSupplier done, String label) {
        if (thread != null) {
            throw new IllegalStateException("This event loop is already running in thread '" + thread.getName()
                    + "'; " + label + " cannot run it again. Schedule work with callSoon/createTask, or "
                    + "callSoonThreadsafe/submit from another thread.");
        }
        thread = Thread.currentThread();
        runLabel = label;
        try {
            while (true) {
                // From here on, a requestRun() keeps this thread from parking. (Written only when it changed: a
                // volatile write per iteration would cost a fence on the busy path.)
                if (state.get() != AWAKE) state.set(AWAKE);
                long next = driver.runOnce(Long.MAX_VALUE);
                if (done.getAsBoolean()) return;
                if (next != LoopDriver.RUN_AGAIN) idle(next);
            }
        } finally {
            thread = null;
        }
    }

    /** Waits until {@code next} or a wake-up; returns early on spurious wake-ups (the caller loops). */
    private void idle(long next) {
        LoopClock clock = driver.clock();
        if (next == Long.MAX_VALUE) {
            park(Long.MAX_VALUE);
        } else if (next - clock.nanoTime() > 0 && !clock.skipTo(next)) {
            PreciseWait.step(next, this::park, () -> state.get() == NOTIFIED);
        }
    }

    /** Parks the loop thread for up to {@code nanos} unless a run was requested since this iteration began. */
    private void park(long nanos) {
        if (Thread.currentThread().isInterrupted()) throw interrupted();
        if (nanos <= 0 || !state.compareAndSet(AWAKE, PARKED)) return;
        if (nanos == Long.MAX_VALUE) LockSupport.park(this);
        else LockSupport.parkNanos(this, nanos);
        // The next iteration resets the state; a requestRun() that saw PARKED has unparked us.
    }

    private IllegalStateException interrupted() {
        Thread t = Thread.currentThread();
        return new IllegalStateException(runLabel + " ended: the thread that runs the event loop ('" + t.getName()
                + "') was interrupted while the loop waited for work. The loop stays open and its tasks pending; "
                + "the thread keeps its interrupt status. Clear it (Thread.interrupted()) to run the loop again, "
                + "or shut the loop down (EventLoop.shutdown() or close()).");
    }
}
