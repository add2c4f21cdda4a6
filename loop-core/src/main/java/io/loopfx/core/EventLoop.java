package io.loopfx.core;

import io.loopfx.core.internal.RunState;
import io.loopfx.core.internal.ThreadHost;
import io.loopfx.core.internal.VirtualClock;
import io.loopfx.core.spi.LoopClock;

import java.time.Duration;
import java.util.Objects;
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
 * called on the loop's thread (or, for a loop that is not running, on the thread that will run it). The loop
 * checks this and names the thread-safe call to use instead.
 *
 * <h2>Order</h2>
 * Callbacks ({@link #callSoon}, {@link #callSoonThreadsafe}, task steps, done callbacks) run first in, first
 * out; those sent from one other thread keep that thread's order. Timers run in order of deadline, and timers
 * with equal deadlines in the order they were scheduled. Between the two, an iteration runs the callbacks that
 * were ready when it began, then the timers that were due when it began, as asyncio does; what those schedule
 * runs in a later iteration. A host may give each iteration a time budget: the JavaFX loop runs in slices of a
 * few milliseconds, so that the window stays live while a flood of callbacks drains. Such an iteration also
 * ends early when a timer falls due while it runs, and then the next iteration begins with the timers that
 * are due (those left over first), then goes on with the callbacks. So while a flood drains, a timer runs
 * within the gap between two iterations of falling due (one budget at most, if it was due already when an
 * iteration began), however many callbacks are queued.
 * The loops of {@link #create()} and {@link #withVirtualClock()} give iterations no budget.
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
     * parking that thread while nothing is due. Interrupting that thread ends the run when the loop would next
     * wait (the call throws {@link IllegalStateException}; the thread keeps its interrupt status, the loop stays
     * open), so a loop run by an executor's thread ends with {@code shutdownNow()}.
     *
     * @return a new loop, not yet running
     * @throws IllegalStateException if the JVM was started without the option that lets loopfx use the JDK's
     *                               continuations (the message names it: {@code --add-exports
     *                               java.base/jdk.internal.vm=ALL-UNNAMED} on the class path)
     */
    static EventLoop create() {
        return new CoreLoop(new ThreadHost());
    }

    /**
     * Creates a deterministic loop for tests: its clock starts at zero and, whenever nothing is ready,
     * jumps straight to the next timer instead of waiting. {@code sleep(Duration.ofHours(1))} returns at
     * once in real time, while {@link #time()} advances by exactly one hour.
     *
     * @return a new virtual-clock loop, not yet running
     * @throws IllegalStateException if the JVM was started without the option that lets loopfx use the JDK's
     *                               continuations (the message names it: {@code --add-exports
     *                               java.base/jdk.internal.vm=ALL-UNNAMED} on the class path)
     */
    static EventLoop withVirtualClock() {
        return new CoreLoop(new ThreadHost(), new VirtualClock(), null, null);
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
     * and closes the loop. If the thread is interrupted while main waits, main's run ends as
     * {@link #runUntilComplete} says; the clean-up still runs, with the interrupt status set again after it.
     *
     * @param main the program's main coroutine
     * @param <T>  its result type
     * @return main's result
     * @throws Exception main's failure, unchanged
     * @throws IllegalStateException if a loop is running on this thread (in its tasks, its callbacks, and on the
     *                               JavaFX Application Thread while the FX loop runs): the new loop would block it
     *                               until it finished; or if the JVM was started without the option that lets loopfx
     *                               use the JDK's continuations (the message names it: {@code --add-exports
     *                               java.base/jdk.internal.vm=ALL-UNNAMED} on the class path)
     */
    static <T> T run(Coroutine<T> main) throws Exception {
        Objects.requireNonNull(main, "body");
        CoreLoop.checkNoLoopRunsHere();
        CoreLoop loop = (CoreLoop) create();
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
     * Runs the loop on this thread until {@link #stop()} is called. If the loop is already running on this
     * thread, this is a nested run, possible only on a host whose thread runs nested event loops (the JavaFX
     * loop; see its class comment). If the loop's host runs it by itself on its own thread (the JavaFX loop
     * runs whenever the toolkit runs), a call from another thread does not run it but waits until
     * {@code stop()} or {@link #shutdown()}.
     *
     * @throws IllegalStateException if the loop is closed or shut down, if it runs on another thread, if
     *                               called inside a task of this loop or of another loop (which would be blocked
     *                               meanwhile), if it runs on this thread and cannot nest, or if the thread is
     *                               interrupted while it waits (the interrupt status is kept)
     */
    void runForever();

    /**
     * Ends the innermost open {@link #runForever} call once the callbacks already scheduled for the current
     * iteration have run. If none is open and the loop is not running, the next {@code runForever} runs one
     * iteration and returns (asyncio's rule); if none is open and the loop runs otherwise (inside
     * {@link #runUntilComplete}, or by its host), it does nothing. It never ends a {@code runUntilComplete}:
     * that returns when its future is done. Safe to call from any thread.
     */
    void stop();

    /**
     * Returns true while the loop runs: {@link #runForever} or {@link #runUntilComplete} is active, or its host
     * runs it by itself (the JavaFX loop, until {@link #shutdown()}).
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
     * {@link #run}, {@link #shutdown()}, or cancel and await them first. Closing twice does nothing.
     *
     * @throws IllegalStateException if the loop is running, or if its host runs it by itself (use
     *                               {@link #shutdown()})
     */
    @Override
    void close();

    /**
     * Shuts the loop down: cancels every pending task, runs the loop on this thread until their {@code finally}
     * blocks and the callbacks they left have run or the grace period ({@link #setShutdownGrace}, default 5 s)
     * has passed, reports tasks still pending then to the exception handler by name, ends open
     * {@link #runForever} calls and makes open {@link #runUntilComplete} calls throw
     * {@link IllegalStateException}, and closes the loop. From another thread while the loop runs, it is handed
     * to the loop's thread and the caller waits. Called from a task of this loop, that task is cancelled too,
     * but not waited for: {@code shutdown()} returns to it, its next {@code await} throws
     * {@link java.util.concurrent.CancellationException}, and the loop closes once it has ended. Calling it
     * again does nothing (except on a host that exits: then it finishes a shutdown left waiting for its task).
     *
     * @throws IllegalStateException if called inside a callback of a running loop that cannot nest (on a plain
     *                               thread: call {@link #stop()} and shut down after {@code runForever}
     *                               returns, or use {@link #run})
     */
    void shutdown();

    /**
     * Returns true once {@link #shutdown()} has begun, or the loop is closed.
     *
     * @return whether the loop is shut down or shutting down
     */
    boolean isShutDown();

    /**
     * Sets how long {@link #shutdown()} waits for cancelled tasks to finish (default 5 s).
     *
     * @param grace the grace period
     * @throws IllegalArgumentException if it is negative
     */
    void setShutdownGrace(Duration grace);

    /**
     * Returns the grace period of {@link #shutdown()}.
     *
     * @return the grace period
     */
    Duration shutdownGrace();

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
     * @throws IllegalStateException if the loop is closed
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
     * Like {@link #createTask(String, Coroutine)}, with a choice of when the body starts:
     * {@link TaskStart#SOON} is {@code createTask(name, body)}; {@link TaskStart#EAGER} runs the body at once,
     * inside this call, until its first suspension, if the loop runs on the calling thread (the rules are
     * {@link TaskStart#EAGER}'s).
     *
     * <pre>{@code
     * Task<String> t = loop.createTask("lookup", TaskStart.EAGER, () -> cache.containsKey(key)
     *         ? cache.get(key)                      // done when createTask returns: no iteration needed
     *         : Async.await(fetch(key)));
     * }</pre>
     *
     * @param name  the task's name, or null for a generated one
     * @param start when the body starts
     * @param body  the coroutine
     * @param <T>   its result type
     * @return the task; done already if an eager body ended without suspending
     * @throws NullPointerException  if start or body is null
     * @throws IllegalStateException if the loop is closed, or the call comes from another thread than the one
     *                               the loop runs on
     */
    <T> Task<T> createTask(String name, TaskStart start, Coroutine<T> body);

    /**
     * Runs the loop on this thread until {@code future} is done and returns its value. {@link #stop()} does not
     * end it. If the loop is already running on this thread, this is a nested run, possible only on a host whose
     * thread runs nested event loops (the JavaFX loop). If the loop's host runs it by itself on its own thread,
     * a call from another thread does not run it but waits for the future.
     *
     * @param future the future to wait for
     * @param <T>    its value type
     * @return its value
     * @throws Exception             the future's failure, unchanged; a {@link java.util.concurrent.CancellationException}
     *                               if it was cancelled
     * @throws IllegalStateException if called inside a task of this loop (use {@link Async#await}) or of another
     *                               loop (which would be blocked meanwhile), if the
     *                               loop runs on another thread, or on this one and cannot nest, if it is
     *                               closed or shut down, if {@link #shutdown()} ended the run before the
     *                               future completed, or if the thread is interrupted while it waits (the
     *                               interrupt status is kept; the future stays pending)
     */
    <T> T runUntilComplete(LoopFuture<T> future) throws Exception;

    /**
     * Runs {@code body} as a task and the loop until it is done.
     *
     * @param body the coroutine
     * @param <T>  its result type
     * @return its result
     * @throws Exception its failure, unchanged
     * @throws IllegalStateException in the cases of {@link #runUntilComplete(LoopFuture)}
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
     * Returns a snapshot of what the loop is doing: every live task with its state, age, what it awaits (task A
     * awaits task B awaits a {@code CompletableFuture}; a task group awaits its children), where a suspended task
     * is suspended, where it was created (if debug mode was on then), the await cycles among the tasks, the open
     * nested runs of the loop, and the failures nobody has retrieved yet. Its {@code toString()} is a readable
     * text form. Any thread: from another thread while the loop runs, the snapshot is taken on the loop's thread;
     * if that thread does not answer within a second (a callback that does not return), it is read from the
     * calling thread instead, marked not consistent, without suspended stacks, and with the stack of the busy
     * loop thread. {@link LoopManagement} offers the same text as a JMX operation.
     *
     * @return the snapshot
     */
    TaskDump dumpTasks();

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
