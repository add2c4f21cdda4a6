package io.loopfx.core.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One submission: the future its caller holds. Cancelling it while it runs kills its worker (a JVM cannot
 * stop a thread that does not cooperate; a process can be stopped). {@link #run()} is for the executor
 * framework ({@code invokeAny} wraps tasks in its own {@code Runnable}): it queues the task, if not yet
 * queued, and waits for it.
 *
 * @param <T> the result type
 */
final class PoolTask<T> extends CompletableFuture<T> implements RunnableFuture<T> {
    final ProcessPoolExecutor pool;
    final long id;
    /** The work: a serializable Callable or Runnable. */
    final Object work;
    /** The work, serialized when it was submitted. */
    final Wire.Serialized serialized;
    /** In nanoseconds; 0 for none. */
    final long timeoutNanos;
    /** What a Runnable's future completes with. */
    final T runnableResult;
    /** The worker running it, once it runs; guarded by the pool's lock. */
    Worker worker;
    /** The kill at its deadline; guarded by the pool's lock. */
    ScheduledFuture<?> deadline;
    /** Whether it was ever queued; guarded by the pool's lock. */
    boolean queued;

    PoolTask(ProcessPoolExecutor pool, long id, Object work, Wire.Serialized serialized, long timeoutNanos,
             T runnableResult) {
        this.pool = pool;
        this.id = id;
        this.work = work;
        this.serialized = serialized;
        this.timeoutNanos = timeoutNanos;
        this.runnableResult = runnableResult;
    }

    /** Completes it with a value read from the worker. */
    @SuppressWarnings("unchecked")
    void completeWith(Object value) {
        complete((T) value);
    }

    /** The class loader that resolves what comes back: the work's own. */
    ClassLoader loader() {
        ClassLoader l = work.getClass().getClassLoader();
        return l != null ? l : ClassLoader.getSystemClassLoader();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) pool.cancelled(this);
        return cancelled;
    }

    @Override
    public void run() {
        pool.enqueue(this, true);
        try {
            join();
        } catch (RuntimeException failedOrCancelled) {
            // the future holds the outcome
        }
    }

    /** Names the task in messages: its id and the class of its work. */
    String describe() {
        Class<?> c = work.getClass();
        String name = c.getName();
        int lambda = name.indexOf("$$Lambda");
        return "task " + id + " (" + (c.isHidden() && lambda > 0 ? "a lambda of " + name.substring(0, lambda) : name) + ")";
    }

    @Override
    public String toString() {
        return describe() + " " + super.toString();
    }
}
