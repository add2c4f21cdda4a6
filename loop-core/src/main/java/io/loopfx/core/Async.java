package io.loopfx.core;

import io.loopfx.core.internal.RunState;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

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
     * @throws IllegalStateException if not called from a task's own code
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
     * @throws Exception its failure, unwrapped from {@link CompletionException}
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
     */
    public static void sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.isZero()) {
            yieldNow();
            return;
        }
        Task<?> task = requireTask("sleep");
        BaseEventLoop loop = task.loop;
        SleepFuture done = new SleepFuture(loop);
        TimerHandle timer = loop.callLater(delay, done);
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

    /** Returns the task whose code is running, or null. */
    public static Task<?> currentTaskOrNull() {
        return (Task<?>) RunState.current().task;
    }

    static Task<?> requireTask(String what) {
        Task<?> task = (Task<?>) RunState.current().task;
        if (task == null) {
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
