package io.loopfx.core;

import io.loopfx.core.internal.NotInTaskHints;
import io.loopfx.core.internal.RunState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * The calls a task's code makes to wait without blocking: {@code await}, {@code sleep}, {@code yieldNow},
 * and the asyncio toolkit built on them. All of them must be called from a task's own code.
 */
public final class Async {
    private Async() {
    }

    /**
     * Waits for {@code future} and returns its value. The task is suspended meanwhile (the thread goes on
     * running the loop) and resumes on the loop thread.
     *
     * @param future the future
     * @param <T>    its value type
     * @return its value
     * @throws Exception             the future's failure, unchanged (so {@code catch (IOException e)} works)
     * @throws CancellationException if the future or this task was cancelled
     * @throws IllegalStateException if the future is pending and this is not a task's own code (a done future's
     *                               outcome is returned or thrown anywhere, without that check)
     */
    public static <T> T await(LoopFuture<T> future) throws Exception {
        Objects.requireNonNull(future, "future");
        if (future.isDone()) return future.resultOrThrow();
        Task<?> task = requireTask("await");
        if (future.loop != task.loop) {
            throw new IllegalArgumentException("Task '" + task.name() + "' awaits " + future
                    + ", which belongs to another event loop. Await future.toCompletableFuture() instead "
                    + "(created on that loop's thread).");
        }
        task.suspendOn(future);
        return future.resultOrThrow();
    }

    /**
     * Waits for a {@link CompletionStage} (a {@link CompletableFuture}, say) that may complete on any thread.
     *
     * @param stage the stage
     * @param <T>   its value type
     * @return its value
     * @throws Exception             its failure, unwrapped from {@link CompletionException}
     * @throws IllegalStateException if the stage is pending and this is not a task's own code (a done
     *                               {@link CompletableFuture}'s outcome is returned or thrown anywhere)
     */
    public static <T> T await(CompletionStage<T> stage) throws Exception {
        Objects.requireNonNull(stage, "stage");
        if (stage instanceof CompletableFuture<T> cf && cf.isDone()) {
            try {
                return cf.join();
            } catch (CompletionException e) {
                throw unwrap(e);
            }
        }
        Task<?> task = requireTask("await");
        return await(task.loop.wrap(stage));
    }

    /**
     * Suspends the task for {@code delay}, never less. Zero or negative: same as {@link #yieldNow()}.
     *
     * @param delay how long
     * @throws CancellationException if the task is cancelled meanwhile
     * @throws IllegalStateException if not called from a task's own code (whatever the delay)
     */
    public static void sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Task<?> task = requireTask("sleep"); // first: the error must name sleep(), not the yieldNow() it may become
        if (delay.isNegative() || delay.isZero()) {
            task.yieldStep();
            return;
        }
        CoreLoop loop = task.loop;
        SleepFuture done = new SleepFuture(loop);
        TimerHandle timer = loop.callLater(delay, done);
        done.deadline = timer.when();
        try {
            task.suspendOn(done);
            if (done.isCancelled()) done.result();
        } finally {
            timer.cancel();
        }
    }

    /**
     * Lets every other ready callback and task run once, then resumes (asyncio's {@code sleep(0)}).
     *
     * @throws CancellationException if the task is cancelled meanwhile
     */
    public static void yieldNow() {
        requireTask("yieldNow").yieldStep();
    }

    /**
     * Returns the task whose code is running.
     *
     * @return the current task
     * @throws IllegalStateException if no task's own code is running on this thread
     */
    public static Task<?> currentTask() {
        return requireTask("currentTask");
    }

    /**
     * Returns the task whose code is running, or null.
     *
     * @return the current task, or null outside a task's own code
     */
    public static Task<?> currentTaskOrNull() {
        return (Task<?>) RunState.current().task;
    }

    // ------------------------------------------------------------------ the asyncio toolkit

    /**
     * Waits for all {@code futures} and returns their values in the order given (asyncio's {@code gather}).
     * As soon as one fails or is cancelled, its failure is thrown here; the others keep running (use a
     * {@link TaskGroup} to have them cancelled). If the calling task is cancelled, every child is cancelled,
     * and the {@link CancellationException} is thrown once all of them are done.
     *
     * @param futures the futures or tasks, all of the current task's loop; the same one may appear twice
     * @param <T>     the value type
     * @return their values, in the order of {@code futures} (an unmodifiable list; nulls allowed)
     * @throws Exception             the first failure among the children, unchanged
     * @throws CancellationException if a child or the calling task was cancelled
     * @throws IllegalStateException if not called from a task's own code, or if a future is the calling task
     *                               or a task that awaits it (the calling task would wait for itself)
     */
    public static <T> List<T> gather(List<? extends LoopFuture<? extends T>> futures) throws Exception {
        Task<?> task = requireTask("gather");
        List<? extends LoopFuture<? extends T>> fs = Futures.checkedCopy(futures, task.loop, "gather", false);
        Futures.refuseWaitingForCaller(fs, task, "gather");
        if (!fs.isEmpty()) await(new GatheringFuture(task.loop, fs, false));
        List<T> values = new ArrayList<>(fs.size());
        for (LoopFuture<? extends T> f : fs) values.add(f.valueIfSucceeded());
        return Collections.unmodifiableList(values);
    }

    /**
     * Waits for all {@code futures} and returns how each ended, in the order given: asyncio's
     * {@code gather(..., return_exceptions=True)}. A failed or cancelled child does not stop the wait. If the
     * calling task is cancelled, every child is cancelled, and the {@link CancellationException} is thrown
     * once all of them are done.
     *
     * @param futures the futures or tasks, all of the current task's loop
     * @param <T>     the value type
     * @return their outcomes, in the order of {@code futures} (an unmodifiable list)
     * @throws CancellationException if the calling task was cancelled
     * @throws IllegalStateException if not called from a task's own code, or if a future is the calling task
     *                               or a task that awaits it (the calling task would wait for itself)
     */
    public static <T> List<Outcome<T>> gatherSettled(List<? extends LoopFuture<? extends T>> futures) {
        Task<?> task = requireTask("gatherSettled");
        List<? extends LoopFuture<? extends T>> fs = Futures.checkedCopy(futures, task.loop, "gatherSettled", false);
        Futures.refuseWaitingForCaller(fs, task, "gatherSettled");
        if (!fs.isEmpty()) awaitSignal(new GatheringFuture(task.loop, fs, true));
        List<Outcome<T>> outcomes = new ArrayList<>(fs.size());
        for (LoopFuture<? extends T> f : fs) outcomes.add(Futures.outcomeOf(f));
        return Collections.unmodifiableList(outcomes);
    }

    /**
     * Waits for {@code future} at most {@code timeout} (asyncio's {@code wait_for}). On timeout the future is
     * cancelled, and this call returns only once it has actually finished (a task's {@code finally} blocks
     * have run), then throws {@link TimeoutException}. If the calling task is cancelled, the future is
     * cancelled too. Wrap the future in {@link #shield} to keep it running after a timeout.
     *
     * @param future  the future or task, of the current task's loop
     * @param timeout the longest wait; zero or negative cancels a pending future at once
     * @param <T>     the value type
     * @return its value (also when it caught the cancellation and returned a value)
     * @throws TimeoutException      if it was not done in time
     * @throws Exception             its failure, unchanged
     * @throws CancellationException if it or the calling task was cancelled
     * @throws IllegalStateException if not called from a task's own code
     */
    public static <T> T waitFor(LoopFuture<T> future, Duration timeout) throws Exception {
        Objects.requireNonNull(future, "future");
        Objects.requireNonNull(timeout, "timeout");
        Task<?> task = requireTask("waitFor");
        Futures.requireLoop(future, task.loop, "waitFor", "future", "the current task");
        if (!timeout.isNegative() && !timeout.isZero()) {
            return Timeout.run("Async.waitFor", timeout, scope -> await(future));
        }
        if (future.isDone()) return future.resultOrThrow();
        LoopFuture<Void> finished = Futures.doneSignal(future);
        future.cancel("Async.waitFor timed out (timeout " + timeout + ")");
        awaitSignal(finished);
        try {
            return future.resultOrThrow();
        } catch (CancellationException ce) {
            TimeoutException te = new TimeoutException("Async.waitFor timed out: the timeout was " + timeout);
            te.initCause(ce);
            throw te;
        }
    }

    /**
     * Runs {@code body} in the current task with a deadline (asyncio's {@code async with timeout(delay)}).
     * When the deadline passes, the task is cancelled; when that cancellation ends the body, it is turned
     * into a {@link TimeoutException}. A cancellation by someone else stays a {@link CancellationException}.
     * Scopes nest; each claims only its own expiry. See {@link Timeout} for a deadline that can be moved.
     *
     * @param delay how long the body may take
     * @param body  the code
     * @param <T>   its result type
     * @return the body's result
     * @throws TimeoutException      if the deadline passed first
     * @throws CancellationException if the task was cancelled by someone else
     * @throws Exception             the body's own failure, unchanged
     * @throws IllegalStateException if not called from a task's own code
     */
    public static <T> T withTimeout(Duration delay, Coroutine<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        return Timeout.run("Async.withTimeout", delay, scope -> body.run());
    }

    /**
     * Protects {@code future} from cancellation (asyncio's {@code shield}): returns an outer future that
     * completes like it. Cancelling the outer one, or a task awaiting it, leaves {@code future} running; its
     * value then stays available from {@code future} itself. A future that is already done is returned as it is.
     *
     * @param future the future or task to protect
     * @param <T>    the value type
     * @return the outer future
     */
    public static <T> LoopFuture<T> shield(LoopFuture<T> future) {
        Objects.requireNonNull(future, "future");
        future.loop.requireLoopContext("Async.shield"); // it registers a done callback, which is loop-thread work
        if (future.isDone()) return future;
        LoopFuture<T> outer = new SignalFuture<>(future.loop, () -> "shield(" + future.describeForDump() + ")",
                () -> java.util.List.of(future));
        LoopFuture.LoopOwnedCallback innerDone = LoopFuture.owned(inner -> {
            if (outer.isDone()) {
                // the outer one was cancelled; asyncio drops the inner failure here rather than report it
                if (!inner.isCancelled()) inner.markRetrieved();
                return;
            }
            @SuppressWarnings("unchecked") // it is the shielded future
            LoopFuture<T> done = (LoopFuture<T>) inner;
            Futures.copyOutcome(done, outer);
        });
        future.whenDone(innerDone);
        outer.whenDone(o -> {
            if (!future.isDone()) future.removeWhenDone(innerDone);
        });
        return outer;
    }

    /**
     * Waits until some or all of {@code futures} are done, and returns which are done and which are still
     * pending (asyncio's {@code wait}). Nothing is cancelled, not even on timeout. Named {@code waitUntil}
     * because an unqualified {@code wait(...)} call resolves to {@link Object#wait()} inside any class, which
     * would hide a static import.
     *
     * @param futures the futures or tasks, all of the current task's loop; at least one
     * @param mode    when to return
     * @param timeout the longest wait; zero or negative returns the current state at once
     * @param <F>     the future type
     * @return the done and pending futures (without repeats, in the order given)
     * @throws CancellationException    if the calling task was cancelled (the futures were not)
     * @throws IllegalArgumentException if {@code futures} is empty
     * @throws IllegalStateException    if not called from a task's own code
     */
    public static <F extends LoopFuture<?>> WaitResult<F> waitUntil(Collection<? extends F> futures, WaitMode mode,
                                                                    Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return waitUntil(futures, mode, timeout, "waitUntil");
    }

    /**
     * {@link #waitUntil(Collection, WaitMode, Duration)} without a timeout.
     *
     * @param futures the futures or tasks, all of the current task's loop; at least one
     * @param mode    when to return
     * @param <F>     the future type
     * @return the done and pending futures (without repeats, in the order given)
     * @throws CancellationException    if the calling task was cancelled (the futures were not)
     * @throws IllegalArgumentException if {@code futures} is empty
     * @throws IllegalStateException    if not called from a task's own code
     */
    public static <F extends LoopFuture<?>> WaitResult<F> waitUntil(Collection<? extends F> futures, WaitMode mode) {
        return waitUntil(futures, mode, null, "waitUntil");
    }

    private static <F extends LoopFuture<?>> WaitResult<F> waitUntil(Collection<? extends F> futures, WaitMode mode,
                                                                     Duration timeout, String method) {
        Objects.requireNonNull(mode, "mode");
        Task<?> task = requireTask(method);
        List<F> fs = Futures.checkedCopy(futures, task.loop, method, true);
        if (fs.isEmpty()) {
            throw new IllegalArgumentException(method + " needs at least one future; with none it would wait forever.");
        }
        boolean mayWait = timeout == null || (!timeout.isNegative() && !timeout.isZero());
        if (mayWait && !WaitCondition.met(fs, mode)) WaitCondition.await(task.loop, fs, mode, timeout);
        List<F> done = new ArrayList<>(), pending = new ArrayList<>();
        for (F f : fs) (f.isDone() ? done : pending).add(f);
        return new WaitResult<>(new LinkedHashSet<>(done), new LinkedHashSet<>(pending));
    }

    /**
     * Returns the futures' outcomes in the order they finish (asyncio's {@code as_completed}). The i-th
     * future handed out completes like the i-th of {@code futures} to finish; awaiting it returns that value
     * or throws that failure. Handing out a future never waits; awaiting it does. The returned
     * {@link Iterable} can be iterated once.
     *
     * <pre>{@code
     * for (LoopFuture<String> next : Async.asCompleted(downloads, Duration.ofSeconds(10))) {
     *     show(Async.await(next));   // fastest first; TimeoutException once the 10 s are over
     * }
     * }</pre>
     *
     * @param futures the futures or tasks, all of one loop (repeats are dropped)
     * @param timeout the time from now after which every future not yet handed out fails with a
     *                {@link TimeoutException}; the inputs are not cancelled
     * @param <T>     the value type
     * @return as many futures as there are distinct inputs, in completion order
     */
    public static <T> Iterable<LoopFuture<T>> asCompleted(Collection<? extends LoopFuture<? extends T>> futures,
                                                          Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return asCompletedWithin(futures, timeout);
    }

    /**
     * {@link #asCompleted(Collection, Duration)} without a timeout.
     *
     * @param futures the futures or tasks, all of one loop (repeats are dropped)
     * @param <T>     the value type
     * @return as many futures as there are distinct inputs, in completion order
     */
    public static <T> Iterable<LoopFuture<T>> asCompleted(Collection<? extends LoopFuture<? extends T>> futures) {
        return asCompletedWithin(futures, null);
    }

    private static <T> Iterable<LoopFuture<T>> asCompletedWithin(Collection<? extends LoopFuture<? extends T>> futures,
                                                                  Duration timeout) {
        List<? extends LoopFuture<? extends T>> fs = Futures.checkedCopy(futures, null, "asCompleted", true);
        if (fs.isEmpty()) return List.of();
        CoreLoop loop = fs.get(0).loop;
        loop.requireLoopContext("asCompleted");
        Iterator<LoopFuture<T>> order = new CompletionOrder<T>(loop, fs, timeout);
        return () -> order;
    }

    /** Awaits a future that only ever succeeds or is cancelled, so that no checked exception can come out. */
    static void awaitSignal(LoopFuture<Void> signal) {
        try {
            await(signal);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception impossible) {
            throw new AssertionError("a signal future only succeeds or is cancelled", impossible);
        }
    }

    static Task<?> requireTask(String what) {
        Task<?> task = (Task<?>) RunState.current().task;
        if (task == null) {
            String bridge = NotInTaskHints.explain(what);
            if (bridge != null) throw new IllegalStateException(bridge);
            RunState rs = RunState.current();
            String where = rs.loop != null
                    ? "a plain callback of the loop (or an event handler), not in a task's own code"
                    : "thread '" + Thread.currentThread().getName() + "', where no event loop runs";
            throw new IllegalStateException(what + "() was called from " + where + ". Only a task's code can wait "
                    + "without blocking: start one with loop.createTask(() -> ...) and call " + what + " there.");
        }
        return task;
    }

    static Exception unwrap(CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof Exception ex) return ex;
        if (cause instanceof Error err) throw err;
        return e;
    }
}
