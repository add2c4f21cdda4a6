package io.loopfx.core;

import io.loopfx.core.internal.RunState;
import io.loopfx.core.internal.ThreadHost;
import io.loopfx.core.internal.VirtualClock;
import io.loopfx.core.spi.LoopClock;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A single-threaded event loop in the style of Python's asyncio: callbacks run now or later, timers,
 * futures, and tasks whose coroutines {@link Async#await await} without blocking the thread.
 *
 * <p>Everything but {@link #callSoonThreadsafe}, {@link #execute}, {@link #submit} and {@link #time} must be
 * called on the loop's thread (or, for a loop that is not running, on the thread that will run it).
 * {@link #setDebug debug mode} checks this and names the thread-safe call to use instead.
 *
 * <pre>{@code
 * String answer = EventLoop.run(() -> {
 *     Async.sleep(Duration.ofMillis(10));
 *     return "done";
 * });
 * }</pre>
 */
public interface EventLoop extends Executor, AutoCloseable {

    /**
     * Creates a loop that runs on whichever thread calls {@link #runForever} or {@link #runUntilComplete},
     * parking that thread while nothing is due.
     *
     * @return a new loop, not yet running
     */
    static EventLoop create() {
        return new BaseEventLoop(new ThreadHost());
    }

    /**
     * Creates a deterministic loop for tests: its clock starts at zero and, whenever nothing is ready,
     * jumps straight to the next timer instead of waiting. {@code sleep(Duration.ofHours(1))} returns at
     * once in real time, while {@link #time()} advances by exactly one hour.
     *
     * @return a new virtual-clock loop, not yet running
     */
    static EventLoop withVirtualClock() {
        return new BaseEventLoop(new ThreadHost(), new VirtualClock(), null);
    }

    /**
     * Returns the loop running on the calling thread.
     *
     * @return the current loop
     * @throws IllegalStateException if no loop runs on this thread
     */
    static EventLoop current() {
        EventLoop loop = RunState.current().loop;
        if (loop == null) {
            throw new IllegalStateException("No event loop is running on thread '" + Thread.currentThread().getName()
                    + "'. Call this from a callback or task, or create a loop with EventLoop.create().");
        }
        return loop;
    }

    /**
     * Runs {@code main} as a task on a new loop on this thread (asyncio.run): waits for it, then cancels
     * every task still pending and waits for their {@code finally} blocks, shuts the default executor down
     * and closes the loop.
     *
     * @param main the program's main coroutine
     * @param <T>  its result type
     * @return main's result
     * @throws Exception main's failure, unchanged
     */
    static <T> T run(Coroutine<T> main) throws Exception {
        BaseEventLoop loop = (BaseEventLoop) create();
        return loop.runMain(main);
    }

    /**
     * Returns the loop's clock: monotonic nanoseconds, the time base of {@link #callAt} and {@link TimerHandle#when()}.
     *
     * @return the current time of the loop's clock, in nanoseconds
     */
    long time();

    /**
     * Schedules {@code callback} to run in a later iteration; callbacks run in the order they were scheduled.
     *
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws NullPointerException  if callback is null
     * @throws IllegalStateException if the loop is closed
     */
    Handle callSoon(Runnable callback);

    /**
     * Like {@link #callSoon} but callable from any thread; wakes the loop if it is waiting. Every callback runs
     * exactly once, in order per calling thread.
     *
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws NullPointerException  if callback is null
     * @throws IllegalStateException if the loop is closed
     */
    Handle callSoonThreadsafe(Runnable callback);

    /** Same as {@link #callSoonThreadsafe}: lets the loop serve as a {@link Executor}. */
    @Override
    default void execute(Runnable command) {
        callSoonThreadsafe(command);
    }

    /**
     * Schedules {@code callback} after {@code delay}; it never runs early. A negative delay runs as soon as
     * possible; a delay too large for the clock is clamped to "never".
     *
     * @param delay    how long to wait
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the loop is closed
     */
    TimerHandle callLater(Duration delay, Runnable callback);

    /**
     * Schedules {@code callback} at {@code deadlineNanos} of the loop's clock ({@link #time()}); timers with
     * equal deadlines run in the order they were scheduled.
     *
     * @param deadlineNanos when to run, in the loop's clock
     * @param callback      what to run
     * @return a handle that can cancel it
     * @throws NullPointerException  if callback is null
     * @throws IllegalStateException if the loop is closed
     */
    TimerHandle callAt(long deadlineNanos, Runnable callback);

    /**
     * Runs the loop on this thread until {@link #stop()} is called.
     *
     * @throws IllegalStateException if the loop is already running or closed
     */
    void runForever();

    /**
     * Asks the running loop to return from {@link #runForever} once the callbacks already scheduled for the
     * current iteration have run. Before the loop runs, it makes the next {@code runForever} run one iteration.
     * Safe to call from any thread.
     */
    void stop();

    /**
     * Returns true while the loop runs ({@link #runForever} or {@link #runUntilComplete} is active).
     *
     * @return whether the loop is running
     */
    boolean isRunning();

    /**
     * Returns true once {@link #close()} was called.
     *
     * @return whether the loop is closed
     */
    boolean isClosed();

    /**
     * Closes the loop: scheduling afterwards throws {@link IllegalStateException}. Tasks still pending are
     * reported to the exception handler by name (their {@code finally} blocks cannot run any more); use
     * {@link #run} or cancel and await them first. Closing twice does nothing.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    /**
     * Sets who receives errors that nobody else can: failing callbacks, unretrieved task failures.
     *
     * @param handler the handler, or null for the default, which logs at ERROR with {@link System.Logger}
     */
    void setExceptionHandler(ExceptionHandler handler);

    /**
     * Passes an error to the loop's exception handler.
     *
     * @param context what happened
     */
    void callExceptionHandler(ErrorContext context);

    /**
     * Turns debug mode on or off. In debug mode, non-thread-safe methods called from another thread than the
     * running loop's throw, and callbacks slower than {@link #setSlowCallbackThreshold} are logged.
     *
     * @param enabled true to turn it on
     */
    void setDebug(boolean enabled);

    /**
     * Returns true in debug mode.
     *
     * @return whether debug mode is on
     */
    boolean isDebug();

    /**
     * Sets how long a callback or task step may run before debug mode logs it as slow (default 100 ms).
     *
     * @param threshold the threshold
     * @throws NullPointerException     if threshold is null
     * @throws IllegalArgumentException if it is negative
     */
    void setSlowCallbackThreshold(Duration threshold);

    /**
     * Creates a pending future bound to this loop.
     *
     * @param <T> its value type
     * @return a new future
     */
    <T> LoopFuture<T> createFuture();

    /**
     * Starts {@code body} as a task: it runs in a later iteration, on the loop thread, and after every
     * {@link Async#await} it continues there.
     *
     * @param body the coroutine
     * @param <T>  its result type
     * @return the task
     * @throws IllegalStateException if the loop is closed, or coroutines are unavailable (the exception names
     *                               the missing JVM flag)
     */
    <T> Task<T> createTask(Coroutine<T> body);

    /**
     * Like {@link #createTask(Coroutine)}, with a name used in errors and logs.
     *
     * @param name the task's name
     * @param body the coroutine
     * @param <T>  its result type
     * @return the task
     */
    <T> Task<T> createTask(String name, Coroutine<T> body);

    /**
     * Runs the loop until {@code future} is done and returns its value.
     *
     * @param future the future to wait for
     * @param <T>    its value type
     * @return its value
     * @throws Exception             the future's failure, unchanged; a {@link java.util.concurrent.CancellationException}
     *                               if it was cancelled
     * @throws IllegalStateException if called inside a task of this loop (use {@link Async#await}), if the
     *                               loop is already running and cannot nest, if it is closed, or if
     *                               {@link #stop()} ended the run before the future completed
     */
    <T> T runUntilComplete(LoopFuture<T> future) throws Exception;

    /**
     * Runs {@code body} as a task and the loop until it is done.
     *
     * @param body the coroutine
     * @param <T>  its result type
     * @return its result
     * @throws Exception its failure, unchanged
     * @see #runUntilComplete(LoopFuture)
     */
    <T> T runUntilComplete(Coroutine<T> body) throws Exception;

    /**
     * Runs blocking work on another thread and returns a future, completed on the loop, for its result.
     * Cancelling the future before the job starts keeps it from running.
     *
     * @param executor where to run it, or null for the loop's default executor
     * @param fn       the blocking work
     * @param <T>      its result type
     * @return a future for fn's result
     */
    <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> fn);

    /**
     * Wraps a {@link CompletionStage} in a future of this loop (asyncio.wrap_future). The stage may complete
     * on any thread; the future completes on the loop. Cancelling the future cancels the stage if it is a
     * {@link CompletableFuture}.
     *
     * @param stage the stage
     * @param <T>   its value type
     * @return a future of this loop
     */
    <T> LoopFuture<T> wrap(CompletionStage<T> stage);

    /**
     * Starts {@code body} as a task from any thread (asyncio.run_coroutine_threadsafe). Cancelling the returned
     * future cancels the task. Its {@code get()} and {@code join()} (and those of stages derived from it) throw
     * {@link IllegalStateException} on the loop's own thread while it is pending, instead of blocking that
     * thread forever: there, {@code await} it in a task or add a callback.
     *
     * @param body the coroutine
     * @param <T>  its result type
     * @return a future completed with the task's outcome
     */
    <T> CompletableFuture<T> submit(Coroutine<T> body);

    /**
     * Returns the tasks of this loop that are not done yet.
     *
     * @return an unmodifiable snapshot of the pending tasks
     */
    Set<Task<?>> allTasks();

    /**
     * Replaces the executor used by {@link #runInExecutor} with null. The loop does not shut a replaced or
     * given executor down; it does shut down its own.
     *
     * @param executor the executor
     * @throws NullPointerException if executor is null
     */
    void setDefaultExecutor(Executor executor);

    /**
     * Returns a snapshot of the loop's counters: ready callbacks, timers, live tasks, iterations.
     *
     * @return the counters now
     */
    LoopStats stats();

    /**
     * Sets how long {@link EventLoop#run} waits for the default executor's jobs at shutdown (default 10 s);
     * jobs still running then are reported and left to finish on their daemon threads.
     *
     * @param timeout the longest wait
     * @throws IllegalArgumentException if it is negative
     */
    void setExecutorShutdownTimeout(Duration timeout);
}
