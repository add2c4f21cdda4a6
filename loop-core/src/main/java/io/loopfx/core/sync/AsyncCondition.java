package io.loopfx.core.sync;

import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks (asyncio.Condition): tasks holding its {@link AsyncLock} wait in
 * {@link #waitSignal()} or {@link #waitFor(BooleanSupplier)} until another task, also holding the lock,
 * calls {@link #signal()}, {@link #signal(int)} or {@link #signalAll()}.
 * <pre>{@code
 * AsyncCondition cond = new AsyncCondition();
 * // consumer task
 * cond.withLock(() -> { cond.waitFor(() -> !items.isEmpty()); return items.remove(0); });
 * // producer task
 * cond.withLock(() -> { items.add(x); cond.signal(); return null; });
 * }</pre>
 *
 * <p>The methods are named {@code waitSignal}/{@code signal}/{@code signalAll} because {@code wait},
 * {@code notify} and {@code notifyAll} are final methods of {@link Object}.
 *
 * <p>A waiting task always holds the lock again when {@code waitSignal} returns or throws, even when it
 * was cancelled (then it re-acquires the lock before the {@link CancellationException} propagates, as in
 * asyncio). A wake-up may be spurious, so re-check the state after waking; {@link #waitFor} does that.
 * See the package documentation for the rules shared by all primitives.
 */
public final class AsyncCondition {
    private final LoopBinding binding = new LoopBinding("AsyncCondition");
    private final Waiters<Void> waiters = new Waiters<>();
    private final AsyncLock lock;

    /** Creates a condition with a new lock of its own. */
    public AsyncCondition() {
        this(new AsyncLock());
    }

    /**
     * Creates a condition that uses {@code lock}, e.g. to share one lock between several conditions.
     *
     * @param lock the lock
     * @throws NullPointerException if lock is null
     */
    public AsyncCondition(AsyncLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * Returns the lock this condition uses.
     *
     * @return the lock
     */
    public AsyncLock lock() {
        return lock;
    }

    /**
     * Returns true if the condition's lock is held; same as {@code lock().locked()}.
     *
     * @return true if the lock is held
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Takes the condition's lock; same as {@code lock().acquire()}.
     *
     * @throws CancellationException if the task is cancelled while it waits for the lock
     * @throws IllegalStateException if not called from a task's own code
     */
    public void acquire() {
        lock.acquire();
    }

    /**
     * Frees the condition's lock; same as {@code lock().release()}.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        lock.release();
    }

    /**
     * Runs {@code body} holding the condition's lock; same as {@code lock().withLock(body)}.
     *
     * @param body what to run under the lock
     * @param <T>  its result type
     * @return the body's result
     * @throws Exception             what the body throws, unchanged
     * @throws CancellationException if the task is cancelled while it waits for the lock
     * @throws IllegalStateException if not called from a task's own code
     */
    public <T> T withLock(Coroutine<T> body) throws Exception {
        return lock.withLock(body);
    }

    /**
     * Releases the lock, suspends the calling task until it is signalled, then re-acquires the lock. The
     * lock is held again however this method ends.
     *
     * @throws CancellationException if the task is cancelled meanwhile (the lock is held again all the same)
     * @throws IllegalStateException if the lock is not held, if not called from a task's own code, or from a
     *                               task of another loop than the one this condition is bound to
     */
    public void waitSignal() {
        EventLoop loop = binding.enter("waitSignal()", null);
        requireLocked("waitSignal()");
        LoopFuture<Void> waiter = waiters.join(loop);
        lock.release();
        try {
            try {
                waiters.awaitThenLeave(waiter);
            } finally {
                reacquireEvenIfCancelled();
            }
        } catch (Throwable t) {
            // We may have been signalled and then failed (cancelled): hand the signal to another waiter.
            // That may cause a spurious wake-up, which the condition-variable protocol allows.
            waiters.wakePending(1, null);
            throw t;
        }
    }

    /** Takes the lock back, retrying when cancelled, and rethrows the last cancellation afterwards. */
    private void reacquireEvenIfCancelled() {
        CancellationException cancelled = null;
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (CancellationException e) {
                cancelled = e;
            }
        }
        if (cancelled != null) throw cancelled;
    }

    /**
     * Waits in {@link #waitSignal()} until {@code predicate} is true; checks it first, and after each wake-up,
     * always with the lock held.
     *
     * @param predicate the condition to wait for
     * @throws CancellationException if the task is cancelled meanwhile (the lock is held again all the same)
     * @throws IllegalStateException if the lock is not held or not called from a task's own code
     * @throws NullPointerException  if predicate is null
     */
    public void waitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        binding.enter("waitFor()", null);
        requireLocked("waitFor()");
        while (!predicate.getAsBoolean()) {
            waitSignal();
        }
    }

    /**
     * Wakes one waiting task, if any; same as {@code signal(1)}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiting tasks, longest-waiting first. They return from {@code waitSignal} only once
     * they have the lock again, so the caller should release it soon.
     *
     * @param n how many to wake at most
     * @throws IllegalStateException    if the lock is not held
     * @throws IllegalArgumentException if n is negative
     */
    public void signal(int n) {
        if (n < 0) throw new IllegalArgumentException("signal(n) needs n >= 0, got " + n);
        requireLocked("signal()");
        waiters.wakePending(n, null);
    }

    /**
     * Wakes every waiting task.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        requireLocked("signalAll()");
        waiters.wakePending(Integer.MAX_VALUE, null);
    }

    private void requireLocked(String operation) {
        if (!lock.locked()) {
            throw new IllegalStateException("AsyncCondition." + operation + " needs the condition's lock, which is "
                    + "not held. Call it inside cond.withLock(() -> ...), or after cond.acquire().");
        }
    }

    @Override
    public String toString() {
        return "AsyncCondition[" + (lock.locked() ? "locked" : "unlocked")
                + (waiters.size() > 0 ? ", waiters=" + waiters.size() : "") + "]";
    }
}
