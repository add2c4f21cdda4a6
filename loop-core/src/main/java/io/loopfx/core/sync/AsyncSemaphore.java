package io.loopfx.core.sync;

import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * A counting semaphore for tasks of one event loop (asyncio.Semaphore, with the fairness of Python 3.13):
 * {@link #acquire()} takes a permit, suspending the calling task while none is free; {@link #release()}
 * gives one back. {@link #withPermit} pairs them:
 * <pre>{@code
 * AsyncSemaphore downloads = new AsyncSemaphore(4);   // at most 4 at a time
 * byte[] data = downloads.withPermit(() -> Async.await(fetch(url)));
 * }</pre>
 *
 * <p>Fairness: waiters get permits in the order they asked, and a task calling {@code acquire()} while
 * others wait (or were woken but have not run yet) queues behind them instead of taking the permit first.
 * A task cancelled after a permit was handed to it gives the permit on. See the package documentation for
 * the rules shared by all primitives.
 *
 * <p>{@code release()} has no upper limit here; {@link AsyncBoundedSemaphore} refuses to release more
 * permits than it started with.
 */
public class AsyncSemaphore {
    private final LoopBinding binding;
    private final Waiters<Void> waiters = new Waiters<>();
    /** Free permits. A permit handed to a woken waiter is counted out at once, so newcomers cannot take it. */
    private int value;

    /**
     * Creates a semaphore with {@code permits} free permits.
     *
     * @param permits the initial number of permits, 0 or more
     * @throws IllegalArgumentException if permits is negative
     */
    public AsyncSemaphore(int permits) {
        this(permits, "AsyncSemaphore");
    }

    AsyncSemaphore(int permits, String className) {
        if (permits < 0) {
            throw new IllegalArgumentException(className + " needs 0 or more initial permits, got " + permits);
        }
        this.value = permits;
        this.binding = new LoopBinding(className);
    }

    /**
     * Returns the number of permits free for a newcomer right now (not counting permits handed to woken waiters).
     *
     * @return the free permits
     */
    public final int available() {
        return value;
    }

    /**
     * Returns true if {@link #acquire()} would wait: no permit is free, or other tasks are waiting first.
     *
     * @return true if acquire() would wait
     */
    public final boolean locked() {
        return value == 0 || waiters.anyNotCancelled();
    }

    /**
     * Takes a permit, suspending the calling task until one is free and every earlier waiter got its own.
     *
     * @throws CancellationException if the task is cancelled while it waits; it then holds no permit
     * @throws IllegalStateException if not called from a task's own code, or from a task of another loop than
     *                               the one this semaphore is bound to
     */
    public final void acquire() {
        EventLoop loop = binding.enter("acquire()", null);
        if (!locked()) {
            value--;
            return;
        }
        LoopFuture<Void> waiter = waiters.join(loop);
        try {
            waiters.awaitThenLeave(waiter);
        } catch (Throwable t) {
            // A permit was handed to us (and counted out), but we will not use it: put it back.
            if (waiter.isDone() && !waiter.isCancelled()) value++;
            throw t;
        } finally {
            // Permits may have become free while newcomers queued behind us for fairness: hand them out.
            while (value > 0 && wakeNext()) {
                // one permit per woken waiter
            }
        }
    }

    /**
     * Frees a permit and hands it to the first waiter, if any.
     *
     * @throws IllegalStateException if {@link Integer#MAX_VALUE} permits are free already (the count would overflow)
     */
    public void release() {
        if (value == Integer.MAX_VALUE) {
            throw new IllegalStateException(getClass().getSimpleName() + ".release(): " + Integer.MAX_VALUE + " permits "
                    + "are free already, the most it can count. Release once per successful acquire(); "
                    + "AsyncBoundedSemaphore refuses any release beyond its initial permits.");
        }
        value++;
        wakeNext();
    }

    /** Hands one free permit to the first waiter that is still waiting; false if nobody was. */
    private boolean wakeNext() {
        if (waiters.wakePending(1, null) == 0) return false;
        value--;
        return true;
    }

    /**
     * Runs {@code body} holding a permit: acquires, runs, and releases however the body ends (also when the
     * task is cancelled inside it).
     *
     * @param body what to run with the permit
     * @param <T>  its result type
     * @return the body's result
     * @throws Exception             what the body throws, unchanged
     * @throws CancellationException if the task is cancelled while it waits for a permit (the body then does
     *                               not run)
     * @throws IllegalStateException if not called from a task's own code
     * @throws NullPointerException  if body is null
     */
    public final <T> T withPermit(Coroutine<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        acquire();
        try {
            return body.run();
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[available=" + value
                + (waiters.size() > 0 ? ", waiters=" + waiters.size() : "") + "]";
    }
}
