package io.loopfx.core;

import io.loopfx.core.internal.Sneaky;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <h2>Threads</h2>
 * What a {@link Future} user may call is safe from any thread: {@link #get()}, {@link #isDone()},
 * {@link #isCancelled()}, the {@code cancel} methods (from another thread a plain future is cancelled at
 * once and its done callbacks run on the loop; a task's cancellation request is handed to the loop) and
 * {@link #toCompletableFuture()}. Completing it ({@link #setResult}, {@link #setException}) and adding or
 * removing done callbacks belong to the loop's thread (or to any thread while the loop is not running), and
 * throw {@link IllegalStateException} elsewhere.
 *
 * @param <T> the value type
 */
public class LoopFuture<T> implements Future<T> {
    // COMPLETING: another thread won the race to complete it and is storing the outcome; still pending to readers.
    private static final int PENDING = 0, COMPLETING = 1, SUCCEEDED = 2, FAILED = 3, CANCELLED = 4;
    // Cancelled by another thread (its callbacks are handed to the loop): a state of its own rather than a flag,
    // so that the loop's completion that lost the race can tell, and a future has one field fewer.
    private static final int CANCELLED_ELSEWHERE = 5;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final VarHandle STATUS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(LoopFuture.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CoreLoop loop;
    private volatile int status = PENDING;
    private Object outcome;           // the value, the failure, or the CancellationException
    // Pending: null, one Consumer or waiting Task, or an ArrayList of them (loop thread only). Done: null, or after
    // a failure the RetrievalFlag until the failure is looked at. One slot for both keeps a future at 32 bytes.
    private Object callbacks;
    private volatile boolean hasBlockedGetters;
    static volatile Runnable cancelRaceHook; // tests: runs in another thread's cancel, between winning and publishing

    LoopFuture(CoreLoop loop) {
        this.loop = loop;
    }

    /**
     * Returns the loop this future belongs to.
     *
     * @return its loop
     */
    public EventLoop loop() {
        return loop.facade;
    }

    @Override
    public boolean isDone() {
        return status > COMPLETING;
    }

    @Override
    public boolean isCancelled() {
        return status >= CANCELLED;
    }

    /**
     * Cancels the future: done callbacks are scheduled, and a task awaiting it gets a
     * {@link CancellationException}. Any thread.
     *
     * @return false if it was already done
     */
    public boolean cancel() {
        return cancel((String) null);
    }

    /**
     * Cancels the future with a message, carried by the {@link CancellationException} that awaiting it throws.
     * Any thread: from another thread it is cancelled at once, and its done callbacks are handed to the loop.
     *
     * @param message the message, or null
     * @return false if it was already done
     */
    public boolean cancel(String message) {
        if (!loop.host.isLoopThread()) return cancelFromOtherThread(message);
        if (status != PENDING) return false;
        return tryComplete(CANCELLED, new CancellationException(message != null ? message : "cancelled: " + this));
    }

    /**
     * {@link #cancel(String)} from a thread that is not the loop's: the state changes here (one compare-and-set
     * decides between this and a completion on the loop), the callbacks run on the loop. Subclasses whose
     * cancellation does more than set the state hand the whole request to the loop instead.
     */
    boolean cancelFromOtherThread(String message) {
        if (!STATUS.compareAndSet(this, PENDING, COMPLETING)) return false;
        Runnable hook = cancelRaceHook;
        if (hook != null) hook.run();
        outcome = new CancellationException(message != null ? message : "cancelled: " + this);
        status = CANCELLED_ELSEWHERE;
        wakeBlockedGetters();
        loop.post(this::finishCompletion);
        return true;
    }

    /** Hands a cancellation request from another thread to the loop. @return false if done or the loop is closed */
    final boolean handCancelToLoop(String message) {
        return !isDone() && loop.post(() -> cancel(message));
    }

    /** Same as {@link #cancel()}, from any thread; a running job is never interrupted, so the argument is ignored. */
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
        if (s <= COMPLETING) throw notReady();
        if (s >= CANCELLED) throw (CancellationException) outcome;
        markRetrieved();
        return s == FAILED ? (Throwable) outcome : null;
    }

    /**
     * Completes the future with a value. If another thread cancelled it an instant before (through
     * {@link #cancel(boolean)}, say), the cancellation has won that race and this call does nothing; the future is
     * cancelled when it returns.
     *
     * @param value the value (may be null)
     * @throws IllegalStateException if it is already done, or called from another thread than the running loop's
     */
    public void setResult(T value) {
        loop.requireLoopContext("setResult");
        if (!tryComplete(SUCCEEDED, value) && !lostToCancellationFromOtherThread()) throw alreadyDone();
    }

    /**
     * True if a completion on the loop failed because another thread's cancel(...) got there first. If that cancel is
     * still under way (COMPLETING: it has won, and is a few writes from publishing), waits for it, so that the future
     * reads as cancelled once the caller's setResult/setException has returned.
     */
    private boolean lostToCancellationFromOtherThread() {
        int s;
        for (int spins = 0; (s = status) == COMPLETING; spins++) {
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield(); // that thread was descheduled in its window
        }
        return s == CANCELLED_ELSEWHERE;
    }

    /**
     * Completes the future with a failure.
     *
     * @param error the failure
     * @throws NullPointerException  if error is null
     * @throws IllegalStateException if it is already done (unless another thread's cancellation won the race, as
     *                               for {@link #setResult}), or called from another thread than the running loop's
     */
    public void setException(Throwable error) {
        Objects.requireNonNull(error, "error");
        loop.requireLoopContext("setException");
        if (!tryComplete(error instanceof CancellationException ? CANCELLED : FAILED, error)
                && !lostToCancellationFromOtherThread()) {
            throw alreadyDone();
        }
    }

    /**
     * Adds a callback to run, with this future, once it is done. It is always scheduled with
     * {@link EventLoop#callSoon}, never run inline, even when the future is already done.
     *
     * @param callback the callback
     * @throws NullPointerException  if callback is null
     * @throws IllegalStateException if called from another thread than the running loop's
     */
    public void addDoneCallback(Consumer<? super LoopFuture<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        loop.requireLoopContext("addDoneCallback");
        addCallbackObject(callback);
    }

    /**
     * Adds a done callback of the loop's own (gather, task groups, waits, shields): no thread check, and if the
     * loop closes before it runs, it is not reported as dropped work. Loop thread.
     */
    void whenDone(Consumer<? super LoopFuture<T>> callback) {
        addCallbackObject(new LoopOwnedCallback(callback));
    }

    /**
     * Adds a callback of the loop's own made once with {@link #owned}, so that many futures can share it (one
     * object for all the children of a gather) and it can be removed again. Loop thread.
     */
    void whenDone(LoopOwnedCallback callback) {
        addCallbackObject(callback);
    }

    /** Removes a callback added with {@link #whenDone(LoopOwnedCallback)}. Loop thread. */
    void removeWhenDone(LoopOwnedCallback callback) {
        removeCallbackObject(callback);
    }

    /** Wraps {@code callback} as the loop's own, for {@link #whenDone(LoopOwnedCallback)}. */
    static LoopOwnedCallback owned(Consumer<? super LoopFuture<?>> callback) {
        return new LoopOwnedCallback(callback);
    }

    /** Marks a done callback as the loop's own bookkeeping. */
    static final class LoopOwnedCallback implements Consumer<LoopFuture<?>> {
        private final Consumer<? super LoopFuture<?>> callback;

        @SuppressWarnings("unchecked")
        private LoopOwnedCallback(Consumer<?> callback) {
            this.callback = (Consumer<? super LoopFuture<?>>) callback; // a future hands itself to it: its own type
        }

        @Override
        public void accept(LoopFuture<?> f) {
            callback.accept(f);
        }

        @Override
        public String toString() {
            return String.valueOf(callback);
        }
    }

    /** Registers a callback object, or schedules it at once if the future is done. Loop thread. */
    @SuppressWarnings("unchecked")
    private void addCallbackObject(Object callback) {
        if (isDone()) {
            scheduleCallback(callback);
        } else if (callbacks == null) {
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
        if (callback instanceof Task<?> waiter) loop.schedule(waiter.stepHandle());
        else loop.schedule(new DoneCallbackHandle<>((Consumer<? super LoopFuture<T>>) callback, this));
    }

    /**
     * Removes every registration of {@code callback} that has not been scheduled yet.
     *
     * @param callback the callback
     * @return true if at least one was removed
     * @throws IllegalStateException if called from another thread than the running loop's
     */
    public boolean removeDoneCallback(Consumer<? super LoopFuture<T>> callback) {
        loop.requireLoopContext("removeDoneCallback");
        return removeCallbackObject(callback);
    }

    private boolean removeCallbackObject(Object callback) {
        if (callbacks == null || callbacks instanceof RetrievalFlag) return false;
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
     * Returns a {@link CompletableFuture} completed with this future's outcome, for code outside the loop; if
     * this future is done, so is the returned one, at once. Cancelling it cancels this future too. If the loop
     * is closed before this future completes, it fails with an {@link IllegalStateException} naming the loop.
     * Its {@code get()} and {@code join()} throw {@link IllegalStateException} on the loop's own thread while
     * it is pending (the loop could never complete it); there, {@code await} this future instead. Any thread.
     *
     * @return a new CompletableFuture
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new LoopCompletedFuture<>(loop.host);
        if (isDone()) {
            copyOutcomeTo(cf);
        } else if (loop.isClosed()) {
            cf.completeExceptionally(CompletionLink.closedError(loop, this)); // a link made now would never be closed
        } else if (loop.inLoopContext()) {
            chain(cf);
        } else if (!loop.post(() -> chain(cf))) {
            cf.completeExceptionally(CompletionLink.closedError(loop, this));
        }
        cf.whenComplete((v, e) -> {
            if (cf.isCancelled()) cancel();
        });
        return cf;
    }

    /**
     * Completes {@code target} with this future's outcome once it is done (at once if it is): the one bridge
     * from a loop future to a {@link CompletableFuture}. Loop thread.
     */
    void chain(CompletableFuture<? super T> target) {
        if (isDone()) copyOutcomeTo(target);
        else addCallbackObject(new CompletionLink<>(this, target));
    }

    /** Copies the outcome of this done future to {@code target}; a failure counts as retrieved. Any thread. */
    void copyOutcomeTo(CompletableFuture<? super T> target) {
        int s = status;
        if (s == SUCCEEDED) {
            target.complete(castValue());
        } else if (s >= CANCELLED) {
            target.cancel(false);
        } else {
            markRetrieved();
            target.completeExceptionally((Throwable) outcome);
        }
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
        Objects.requireNonNull(unit, "unit");
        if (!isDone()) {
            if (loop.host.isLoopThread()) {
                throw new IllegalStateException("get() on the loop thread would wait forever for " + this
                        + ": the loop cannot complete it while this thread is blocked. Use Async.await(future) "
                        + "in a task, or addDoneCallback.");
            }
            blockUntilDone(unit.toNanos(timeout));
        }
        int s = status;
        if (s == SUCCEEDED) return castValue();
        if (s >= CANCELLED) throw (CancellationException) outcome;
        markRetrieved();
        throw new ExecutionException((Throwable) outcome);
    }

    private synchronized void blockUntilDone(long nanos) throws InterruptedException, TimeoutException {
        hasBlockedGetters = true;
        long deadline = System.nanoTime() + nanos;
        while (!isDone()) {
            long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException("future not done in time: " + this);
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(3600)));
        }
    }

    /** Returns the value or throws the failure unchanged: what {@code await} does once the future is done. */
    T resultOrThrow() throws Exception {
        int s = status;
        if (s == SUCCEEDED) return castValue();
        if (s <= COMPLETING) throw notReady();
        if (s >= CANCELLED) throw (CancellationException) outcome;
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
        addCallbackObject(task);
    }

    void removeWaiter(Task<?> task) {
        removeCallbackObject(task);
    }

    /**
     * Sets the outcome and schedules the done callbacks, unless the future is done already (or another thread
     * is cancelling it). Loop thread only.
     *
     * @return false if it was done already
     */
    private boolean tryComplete(int newStatus, Object value) {
        if (!STATUS.compareAndSet(this, PENDING, COMPLETING)) return false;
        outcome = value;
        Object cbs = callbacks;
        callbacks = newStatus == FAILED ? trackRetrieval((Throwable) value) : null; // before the status publishes it
        status = newStatus;
        wakeBlockedGetters();
        scheduleCallbacks(cbs);
        return true;
    }

    /** Schedules the done callbacks of a future another thread cancelled. Loop thread. */
    private void finishCompletion() {
        Object cbs = callbacks;
        callbacks = null;
        scheduleCallbacks(cbs);
    }

    private void scheduleCallbacks(Object cbs) {
        if (cbs instanceof ArrayList<?> list) {
            for (Object c : list) scheduleCallback(c);
        } else if (cbs != null) {
            scheduleCallback(cbs);
        }
        onDone();
    }

    private void wakeBlockedGetters() {
        if (hasBlockedGetters) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Called once the outcome is set, after the done callbacks were scheduled. */
    void onDone() {
    }

    boolean succeeded() {
        return status == SUCCEEDED;
    }

    /** The failure of a failed future, without marking it retrieved (Flight Recorder events). */
    Object failureForEvents() {
        return status == FAILED ? outcome : null;
    }

    T valueIfSucceeded() {
        return castValue();
    }

    // The internal completions lose quietly to a cancellation from another thread: the first outcome stands.

    boolean setResultInternal(T value) {
        return tryComplete(SUCCEEDED, value);
    }

    boolean cancelInternal(CancellationException ce) {
        return tryComplete(CANCELLED, ce);
    }

    boolean setExceptionInternal(Throwable error) {
        return tryComplete(FAILED, error);
    }

    /**
     * A failure nobody looks at is reported once the future is garbage-collected (asyncio's
     * "exception was never retrieved"); looking at it ({@code result}, {@code exception}, {@code await},
     * {@code get}) disarms the report.
     */
    private RetrievalFlag trackRetrieval(Throwable error) {
        RetrievalFlag flag = new RetrievalFlag(loop, describeForLeak(), error);
        loop.unretrieved.add(flag);
        CLEANER.register(this, flag);
        return flag;
    }

    /** Any thread, once the future is done (the status read that saw it done makes the flag visible). */
    void markRetrieved() {
        if (callbacks instanceof RetrievalFlag f) {
            f.retrieved = true;
            callbacks = null;
            loop.unretrieved.remove(f);
        }
    }

    String describeForLeak() {
        return "Future";
    }

    /** Task dumps: what this future is, in a few words. */
    String describeForDump() {
        return toString();
    }

    /** Task dumps: the futures this one waits for (a gather's children, a task group's tasks); none by default. */
    java.util.Collection<? extends LoopFuture<?>> awaitedForDump() {
        return List.of();
    }

    private static final class RetrievalFlag implements Runnable {
        private final CoreLoop loop;
        private final String what;
        private final Throwable error;
        volatile boolean retrieved;

        RetrievalFlag(CoreLoop loop, String what, Throwable error) {
            this.loop = loop;
            this.what = what;
            this.error = error;
        }

        @Override
        public String toString() {
            return what + " failed: " + error;
        }

        @Override
        public void run() {
            loop.unretrieved.remove(this);
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
            case PENDING, COMPLETING -> "pending";
            case SUCCEEDED -> "finished, result=" + describeOutcome();
            case FAILED -> "failed: " + describeOutcome();
            default -> "cancelled";
        };
    }

    /**
     * The result or exception for {@link #toString()}, which error messages use, so it must not fail: a result that
     * is a future (this one, or one whose result is this one) is named without its own result, which would recurse,
     * and a {@code toString()} that throws is noted.
     */
    private String describeOutcome() {
        if (outcome instanceof Task<?> t) return "Task '" + t.name() + "'";
        if (outcome instanceof LoopFuture<?>) return "a LoopFuture";
        return ErrorContext.safeToString(outcome);
    }

    @Override
    public String toString() {
        return "LoopFuture[" + stateString() + "]";
    }
}
