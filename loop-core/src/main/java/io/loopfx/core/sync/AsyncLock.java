package io.loopfx.core.sync;

import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * A mutual-exclusion lock for tasks of one event loop (asyncio.Lock). {@link #acquire()} suspends the
 * calling task, not the thread, until the lock is free; waiters get it in the order they asked.
 *
 * <p>Like asyncio's lock it is not owned by a task: any code may {@link #release()} it, which makes it
 * usable as a hand-over token. {@link #withLock} is the form that cannot forget to release:
 * <pre>{@code
 * AsyncLock lock = new AsyncLock();
 * String s = lock.withLock(() -> {
 *     Async.sleep(Duration.ofMillis(10));   // nobody else holds the lock meanwhile
 *     return "done";
 * });
 * }</pre>
 *
 * <p>Cancellation: a task cancelled while it waits never gets the lock. A task woken by {@code release()}
 * and cancelled before it could run passes the wake-up on to the next waiter. See the package
 * documentation for the rules shared by all primitives (task-only waiting, loop binding, threads).
 */
public final class AsyncLock {
    private final LoopBinding binding = new LoopBinding("AsyncLock");
    private final Waiters<Void> waiters = new Waiters<>();
    private boolean locked;

    /** Creates an unlocked lock; it binds to the loop of the first task that calls {@link #acquire()}. */
    public AsyncLock() {
    }

    /**
     * Returns true if some code holds the lock.
     *
     * @return true if the lock is held
     */
    public boolean locked() {
        return locked;
    }

    /**
     * Takes the lock, suspending the calling task until it is free and every earlier waiter had its turn.
     *
     * @throws CancellationException if the task is cancelled while it waits; it then does not hold the lock
     * @throws IllegalStateException if not called from a task's own code, or from a task of another loop than
     *                               the one this lock is bound to
     */
    public void acquire() {
        EventLoop loop = binding.enter("acquire()", null);
        // Fair: a newcomer waits while anyone is in line, unless everyone in line was cancelled.
        if (!locked && !waiters.anyNotCancelled()) {
            locked = true;
            return;
        }
        LoopFuture<Void> waiter = waiters.join(loop);
        try {
            waiters.awaitThenLeave(waiter);
        } catch (Throwable t) {
            // Woken but failed to take the lock (cancelled after release() picked us): wake the next one.
            if (!locked) waiters.wakeHead(null);
            throw t;
        }
        locked = true;
    }

    /**
     * Frees the lock and wakes the first waiter, if any.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("AsyncLock.release() was called on a lock that is not locked. Release "
                    + "once per successful acquire(); withLock(...) pairs them for you.");
        }
        locked = false;
        waiters.wakeHead(null);
    }

    /**
     * Runs {@code body} holding the lock: acquires, runs, and releases however the body ends (also when the
     * task is cancelled inside it).
     *
     * @param body what to run under the lock
     * @param <T>  its result type
     * @return the body's result
     * @throws Exception             what the body throws, unchanged
     * @throws CancellationException if the task is cancelled while it waits for the lock (the body then
     *                               does not run)
     * @throws IllegalStateException if not called from a task's own code
     * @throws NullPointerException  if body is null
     */
    public <T> T withLock(Coroutine<T> body) throws Exception {
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
        return "AsyncLock[" + (locked ? "locked" : "unlocked") + (waiters.size() > 0 ? ", waiters=" + waiters.size() : "")
                + "]";
    }
}
