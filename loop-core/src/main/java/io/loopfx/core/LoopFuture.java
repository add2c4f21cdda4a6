package io.loopfx.core;

import io.loopfx.core.internal.Sneaky;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A value that will be there later, bound to one {@link EventLoop} (asyncio.Future). It is completed, and
 * its done callbacks run, on the loop thread; tasks wait for it with {@link Async#await}.
 *
 * <p>Only {@link #get()}, {@link #isDone()} and the state queries may be used from other threads; use
 * {@link #toCompletableFuture()} to hand the value to code outside the loop.
 *
 * @param <T> the value type
 */
public class LoopFuture<T> implements Future<T> {
    private static final int PENDING = 0, SUCCEEDED = 1, FAILED = 2, CANCELLED = 3;
    private static final Cleaner CLEANER = Cleaner.create();

    final BaseEventLoop loop;
    private volatile int status = PENDING;
    private Object outcome;           // the value, the failure, or the CancellationException
    private Object callbacks;         // null, one Consumer, or an ArrayList of them
    private RetrievalFlag unretrieved; // set while a failure has not been looked at
    private volatile boolean hasBlockedGetters;

    LoopFuture(BaseEventLoop loop) {
        this.loop = loop;
    }

    /**
     * Returns the loop this future belongs to.
     *
     * @return its loop
     */
    public EventLoop loop() {
        return loop;
    }

    @Override
    public boolean isDone() {
        return status != PENDING;
    }

    @Override
    public boolean isCancelled() {
        return status == CANCELLED;
    }

    /**
     * Cancels the future: done callbacks are scheduled, and a task awaiting it gets a
     * {@link CancellationException}.
     *
     * @return false if it was already done
     */
    public boolean cancel() {
        return cancel((String) null);
    }

    /**
     * Cancels the future with a message, carried by the {@link CancellationException} that awaiting it throws.
     *
     * @param message the message, or null
     * @return false if it was already done
     */
    public boolean cancel(String message) {
        loop.checkThread("cancel");
        if (status != PENDING) return false;
        CancellationException ce = new CancellationException(message != null ? message : "cancelled: " + this);
        complete(CANCELLED, ce);
        return true;
    }

    /** Same as {@link #cancel()}; a running job is never interrupted, so the argument is ignored. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * Returns the value. A failure is rethrown as it is, checked exceptions included (use
     * {@link #exception()} to inspect one without throwing).
     *
     * @return the value
     * @throws CancellationException if it was cancelled
     * @throws IllegalStateException if it is not done yet
     */
    public T result() {
        try {
            return resultOrThrow();
        } catch (Exception e) {
            throw Sneaky.rethrow(e);
        }
    }

    /**
     * Returns the failure, or null if it succeeded.
     *
     * @return the failure, or null
     * @throws CancellationException if it was cancelled
     * @throws IllegalStateException if it is not done yet
     */
    public Throwable exception() {
        int s = status;
        if (s == PENDING) throw notReady();
        if (s == CANCELLED) throw (CancellationException) outcome;
        markRetrieved();
        return s == FAILED ? (Throwable) outcome : null;
    }

    /**
     * Completes the future with a value.
     *
     * @param value the value (may be null)
     * @throws IllegalStateException if it is already done
     */
    public void setResult(T value) {
        loop.checkThread("setResult");
        if (status != PENDING) throw alreadyDone();
        complete(SUCCEEDED, value);
    }

    /**
     * Completes the future with a failure.
     *
     * @param error the failure
     * @throws NullPointerException  if error is null
     * @throws IllegalStateException if it is already done
     */
    public void setException(Throwable error) {
        Objects.requireNonNull(error, "error");
        loop.checkThread("setException");
        if (status != PENDING) throw alreadyDone();
        if (error instanceof CancellationException ce) {
            complete(CANCELLED, ce);
        } else {
            complete(FAILED, error);
        }
    }

    /**
     * Adds a callback to run, with this future, once it is done. It is always scheduled with
     * {@link EventLoop#callSoon}, never run inline, even when the future is already done.
     *
     * @param callback the callback
     * @throws NullPointerException if callback is null
     */
    public void addDoneCallback(Consumer<? super LoopFuture<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        if (status != PENDING) scheduleCallback(callback);
        else addCallbackObject(callback);
    }

    @SuppressWarnings("unchecked")
    private void addCallbackObject(Object callback) {
        if (callbacks == null) {
            callbacks = callback;
        } else if (callbacks instanceof ArrayList<?> list) {
            ((ArrayList<Object>) list).add(callback);
        } else {
            ArrayList<Object> list = new ArrayList<>(4);
            list.add(callbacks);
            list.add(callback);
            callbacks = list;
        }
    }

    @SuppressWarnings("unchecked")
    private void scheduleCallback(Object callback) {
        if (callback instanceof Task<?> waiter) loop.schedule(new StepHandle(waiter));
        else loop.schedule(new DoneCallbackHandle<>((Consumer<? super LoopFuture<T>>) callback, this));
    }

    /**
     * Removes every registration of {@code callback} that has not been scheduled yet.
     *
     * @param callback the callback
     * @return true if at least one was removed
     */
    public boolean removeDoneCallback(Consumer<? super LoopFuture<T>> callback) {
        return removeCallbackObject(callback);
    }

    private boolean removeCallbackObject(Object callback) {
        if (callbacks == null) return false;
        if (callbacks instanceof ArrayList<?> list) {
            boolean removed = list.removeIf(c -> c.equals(callback));
            if (list.isEmpty()) callbacks = null;
            return removed;
        }
        if (callbacks.equals(callback)) {
            callbacks = null;
            return true;
        }
        return false;
    }

    /**
     * Returns a {@link CompletableFuture} completed with this future's outcome, for code outside the loop.
     * Cancelling it cancels this future too. Its {@code get()} and {@code join()} throw
     * {@link IllegalStateException} on the loop's own thread while it is pending (the loop could never complete
     * it); there, {@code await} this future instead.
     *
     * @return a new CompletableFuture
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new LoopCompletedFuture<>(loop.host);
        addDoneCallback(f -> {
            int s = f.status;
            if (s == SUCCEEDED) cf.complete(f.castValue());
            else if (s == CANCELLED) cf.cancel(false);
            else {
                f.markRetrieved();
                cf.completeExceptionally((Throwable) f.outcome);
            }
        });
        cf.whenComplete((v, e) -> {
            if (cf.isCancelled() && !isDone() && !loop.isClosed()) {
                loop.callSoonThreadsafe(() -> cancel());
            }
        });
        return cf;
    }

    /**
     * Waits for the future on a thread that is not the loop's.
     *
     * @throws IllegalStateException if called on the loop thread while the future is pending: it would wait
     *                               for itself. Use {@link Async#await} in a task instead.
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        try {
            return get(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("unbounded wait timed out", e);
        }
    }

    /**
     * Waits at most the given time on a thread that is not the loop's.
     *
     * @throws IllegalStateException if called on the loop thread while the future is pending
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (status == PENDING) {
            if (loop.host.isLoopThread()) {
                throw new IllegalStateException("get() on the loop thread would wait forever for " + this
                        + ": the loop cannot complete it while this thread is blocked. Use Async.await(future) "
                        + "in a task, or addDoneCallback.");
            }
            blockUntilDone(unit.toNanos(timeout));
        }
        int s = status;
        if (s == SUCCEEDED) return castValue();
        if (s == CANCELLED) throw (CancellationException) outcome;
        markRetrieved();
        throw new ExecutionException((Throwable) outcome);
    }

    private synchronized void blockUntilDone(long nanos) throws InterruptedException, TimeoutException {
        hasBlockedGetters = true;
        long deadline = System.nanoTime() + nanos;
        while (status == PENDING) {
            long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException("future not done in time: " + this);
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(3600)));
        }
    }

    /** Returns the value or throws the failure unchanged: what {@code await} does once the future is done. */
    T resultOrThrow() throws Exception {
        int s = status;
        if (s == SUCCEEDED) return castValue();
        if (s == PENDING) throw notReady();
        if (s == CANCELLED) throw (CancellationException) outcome;
        markRetrieved();
        Throwable t = (Throwable) outcome;
        if (t instanceof Exception e) throw e;
        if (t instanceof Error e) throw e;
        throw new ExecutionException(t);
    }

    @SuppressWarnings("unchecked")
    private T castValue() {
        return (T) outcome;
    }

    /** Registers a task to be resumed when this future is done (a done callback without a lambda). */
    void addWaiter(Task<?> task) {
        if (status != PENDING) loop.schedule(new StepHandle(task));
        else addCallbackObject(task);
    }

    void removeWaiter(Task<?> task) {
        removeCallbackObject(task);
    }

    /** Sets the outcome and schedules the done callbacks. Loop thread only. */
    void complete(int newStatus, Object value) {
        outcome = value;
        status = newStatus;
        if (newStatus == FAILED) trackRetrieval((Throwable) value);
        Object cbs = callbacks;
        callbacks = null;
        if (cbs instanceof ArrayList<?> list) {
            for (Object c : list) scheduleCallback(c);
        } else if (cbs != null) {
            scheduleCallback(cbs);
        }
        if (hasBlockedGetters) {
            synchronized (this) {
                notifyAll();
            }
        }
        onDone();
    }

    /** Called once the outcome is set, after the done callbacks were scheduled. */
    void onDone() {
    }

    boolean succeeded() {
        return status == SUCCEEDED;
    }

    T valueIfSucceeded() {
        return castValue();
    }

    void setResultInternal(T value) {
        complete(SUCCEEDED, value);
    }

    void cancelInternal(CancellationException ce) {
        complete(CANCELLED, ce);
    }

    void setExceptionInternal(Throwable error) {
        complete(FAILED, error);
    }

    /**
     * A failure nobody looks at is reported once the future is garbage-collected (asyncio's
     * "exception was never retrieved"); looking at it ({@code result}, {@code exception}, {@code await},
     * {@code get}) disarms the report.
     */
    private void trackRetrieval(Throwable error) {
        RetrievalFlag flag = new RetrievalFlag(loop, describeForLeak(), error);
        unretrieved = flag;
        CLEANER.register(this, flag);
    }

    void markRetrieved() {
        RetrievalFlag f = unretrieved;
        if (f != null) {
            f.retrieved = true;
            unretrieved = null;
        }
    }

    String describeForLeak() {
        return "Future";
    }

    private static final class RetrievalFlag implements Runnable {
        private final BaseEventLoop loop;
        private final String what;
        private final Throwable error;
        volatile boolean retrieved;

        RetrievalFlag(BaseEventLoop loop, String what, Throwable error) {
            this.loop = loop;
            this.what = what;
            this.error = error;
        }

        @Override
        public void run() {
            if (!retrieved) {
                loop.reportFromAnyThread(new ErrorContext(what + " failed and nobody retrieved its exception "
                        + "(await it, or call result() or exception())", error, null, null));
            }
        }
    }

    private IllegalStateException notReady() {
        return new IllegalStateException("The result of " + this + " is not ready yet: await it in a task, "
                + "or use addDoneCallback.");
    }

    private IllegalStateException alreadyDone() {
        return new IllegalStateException(this + " is already done; completing it again would lose a result. "
                + "Check isDone() first if completion can race.");
    }

    /** Returns the state word used by {@link #toString()}. */
    String stateString() {
        return switch (status) {
            case PENDING -> "pending";
            case SUCCEEDED -> "finished, result=" + outcome;
            case FAILED -> "failed: " + outcome;
            default -> "cancelled";
        };
    }

    @Override
    public String toString() {
        return "LoopFuture[" + stateString() + "]";
    }
}
