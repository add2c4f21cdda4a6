package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.BaseEventLoop;
import io.loopfx.core.Coroutine;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Handle;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.core.TimerHandle;
import io.loopfx.core.internal.CancelAndDrain;
import io.loopfx.core.spi.LoopClock;
import javafx.application.Platform;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The event loop of the JavaFX Application Thread: every callback and every line of task code runs on the FX
 * thread, so task code may touch the scene graph between {@code await}s. There is one per toolkit run;
 * {@link #get()} returns it.
 *
 * <pre>{@code
 * button.setOnAction(FxAsync.handler(e -> {
 *     String text = Async.await(httpClient.sendAsync(request, ofString())).body();   // window stays live
 *     label.setText(text);                                                          // on the FX thread
 * }));
 * }</pre>
 *
 * <h2>How it runs</h2>
 * The loop runs whenever the toolkit runs ({@link #isRunning()} is true from the start): it posts one
 * {@link Platform#runLater} at a time, and each runs the ready callbacks for at most a few milliseconds
 * ({@link #setSliceBudget}) before giving the thread back to input and rendering. Timers come from a
 * timer thread, are never early and are not bound to the 60 Hz pulse.
 *
 * <h2>Threads</h2>
 * {@link #callSoon}, {@link #callLater}, {@link #callAt}, {@link #createTask} and the futures' methods belong
 * to the FX thread; the first four always check it and name the thread-safe alternative. From any thread:
 * {@link #callSoonThreadsafe}, {@link #execute}, {@link #submit}, {@link #runUntilComplete} (the caller
 * blocks), {@link #runForever}, {@link #stop} and {@link #shutdown}. On the FX thread
 * {@link EventLoop#current()} returns this loop, in plain event handlers too.
 *
 * <h2>Blocking calls on the FX thread</h2>
 * {@link #runUntilComplete} on the FX thread (in a button handler, say) runs a nested event loop until the
 * future is done: the window stays live and other tasks and timers keep running. Calls may nest; an outer
 * call whose future completes first returns only once the inner ones have returned (JavaFX's rule), which
 * is reported to {@link #setHoldUpListener}. It is refused with an {@link IllegalStateException} inside a
 * task (use {@link Async#await}), during animation or layout processing (a pulse, where JavaFX forbids
 * nested loops: start a task instead) and beyond {@value #MAX_NESTED_CALLS} open calls.
 * {@link #runForever} on the FX thread runs a nested loop until {@link #stop()}; {@code stop()} ends only
 * the innermost open {@code runForever} call, never a {@code runUntilComplete} or a dialog's nested loop,
 * and never the application.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} cancels every pending task and runs the loop on the FX thread until their
 * {@code finally} blocks are done or a grace period ({@link #setShutdownGrace}, default 5 s) has passed;
 * tasks still pending then are reported to the exception handler by name. Open {@code runUntilComplete}
 * calls end with an {@link IllegalStateException}.
 *
 * <p>It also runs by itself when the toolkit exits, on every path ({@code Platform.exit()}, implicit exit
 * when the last window closes, the launcher after {@code Application.stop()}): loopfx hooks the toolkit's
 * internal exit (the FX thread, after JavaFX has ended every nested loop, before the thread ends), and, when
 * the toolkit was started with {@code Platform.startup}, takes the exit off the FX thread so that
 * {@code Platform.exit()} inside a nested loop does not deadlock. Those hooks use JavaFX internals: on the
 * class path they always work; on the module path they need
 * {@code --add-exports javafx.graphics/com.sun.javafx.tk=io.loopfx.fx} and
 * {@code --add-opens javafx.graphics/com.sun.javafx.application=io.loopfx.fx}, and without them loopfx logs
 * once at INFO and the application must call {@code shutdown()} from {@code Application.stop()} (which
 * always works). After the toolkit has exited, {@link #get()} throws.
 */
public final class FxEventLoop extends BaseEventLoop {
    /**
     * The most {@code runUntilComplete}/{@code runForever} calls of this loop that may be open on the FX
     * thread at once. JavaFX 25 allows 200 nested event loops in all; the rest is left for dialogs.
     */
    public static final int MAX_NESTED_CALLS = 100;

    private static final System.Logger LOG = System.getLogger("io.loopfx.fx");
    private static final Object LOCK = new Object();
    private static FxEventLoop instance; // guarded by LOCK

    private final FxHost fx;
    private final FxNestingGuard nesting;
    private final ArrayDeque<RunForeverCall> runForeverCalls = new ArrayDeque<>(); // guarded by itself
    private final Set<CompletableFuture<?>> offThreadWaits = ConcurrentHashMap.newKeySet();
    /** Where the loop is in its life: one field, so no combination of flags can contradict another. */
    private enum Phase {
        /** Running with the toolkit. */
        RUNNING,
        /** shutdown() has begun: cancelled tasks are finishing, and get() still returns this loop meanwhile. */
        SHUTTING_DOWN,
        /** The tasks have ended (or the grace has passed): the callbacks they left run, then the loop is shut down. */
        FINISHING,
        /** Shut down: no more slices; closed once no nested call of it is on the stack. */
        SHUT_DOWN
    }

    private volatile Phase phase = Phase.RUNNING;
    private volatile Duration shutdownGrace = Duration.ofSeconds(5);
    private Task<?> shutdownCaller;    // FX thread: the task of this loop that called shutdown(), if one did
    private Runnable offThreadWaitHook; // tests: runs between an off-thread caller's registration and its check

    /** One open runForever call: on the FX thread a nested loop, elsewhere a blocked thread. */
    private static final class RunForeverCall {
        final CountDownLatch released = new CountDownLatch(1);
        volatile boolean stopped;
    }

    private FxEventLoop(FxHost host, FxNestingGuard nesting) {
        super(host, LoopClock.system(), nesting);
        this.fx = host;
        this.nesting = nesting;
    }

    private static FxEventLoop create() {
        FxHost host = new FxHost();
        return new FxEventLoop(host, new FxNestingGuard(host));
    }

    /**
     * Returns the event loop of the JavaFX Application Thread, creating it on first use. Callable from any
     * thread once the toolkit runs. After {@link #shutdown()} (while the toolkit still runs) it returns a
     * new loop.
     *
     * @return the FX loop
     * @throws IllegalStateException if the JavaFX toolkit has not been started yet, or has exited
     */
    public static FxEventLoop get() {
        synchronized (LOCK) {
            FxEventLoop loop = instance;
            if (loop != null && loop.phase != Phase.SHUT_DOWN && !FxLifecycle.hasExited()) return loop;
            FxLifecycle.checkRunning();
            loop = create();
            instance = loop;
            loop.attachToFxThread();
            return loop;
        }
    }

    private void attachToFxThread() {
        Runnable bind = () -> {
            bindToCurrentThread();
            fx.setFxThread(Thread.currentThread());
            FxLifecycle.watch(this);
        };
        if (Platform.isFxApplicationThread()) bind.run();
        else Platform.runLater(bind);
    }

    // ------------------------------------------------------------------ FX-thread-only scheduling

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if not called on the FX thread (use {@link #callSoonThreadsafe})
     */
    @Override
    public Handle callSoon(Runnable callback) {
        requireFxThread("callSoon");
        return super.callSoon(callback);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if not called on the FX thread (use {@link #callSoonThreadsafe})
     */
    @Override
    public TimerHandle callAt(long deadlineNanos, Runnable callback) {
        requireFxThread("callAt");
        return super.callAt(deadlineNanos, callback);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if not called on the FX thread (use {@link #submit})
     */
    @Override
    public <T> Task<T> createTask(String name, Coroutine<T> body) {
        requireFxThread("createTask");
        return super.createTask(name, body);
    }

    private void requireFxThread(String method) {
        if (!Platform.isFxApplicationThread()) throw wrongThread(method);
    }

    @Override
    protected IllegalStateException wrongThread(String method) {
        return new IllegalStateException(method + "() was called from thread '" + Thread.currentThread().getName()
                + "', but the FX event loop runs on the JavaFX Application Thread. From other threads use "
                + "callSoonThreadsafe() or submit(), or Platform.runLater.");
    }

    /**
     * Returns true while the loop can run: the toolkit runs and the loop was not shut down.
     *
     * @return true while the loop can run: the toolkit runs and the loop was not shut down
     */
    @Override
    public boolean isRunning() {
        return phase == Phase.RUNNING && !isClosed() && !FxLifecycle.hasExited();
    }

    // ------------------------------------------------------------------ settings and monitoring

    /**
     * Sets how long one slice may run callbacks before the FX thread goes back to input and rendering
     * (default 4 ms). A callback is never interrupted; the budget is checked between callbacks.
     *
     * @param budget the budget; must be positive
     * @throws IllegalArgumentException if it is zero or negative
     */
    public void setSliceBudget(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("The slice budget must be positive: " + budget);
        }
        fx.setBudgetNanos(budget.toNanos());
    }

    /**
     * Returns the slice budget.
     *
     * @return the slice budget
     */
    public Duration sliceBudget() {
        return Duration.ofNanos(fx.budgetNanos());
    }

    /**
     * Sets who is told when an outer {@code runUntilComplete}/{@code runForever} call was held up by a nested
     * loop inside it. FX thread.
     *
     * @param listener the listener, or null for none
     */
    public void setHoldUpListener(Consumer<NestedLoopHoldUp> listener) {
        requireFxThread("setHoldUpListener");
        fx.setHoldUpListener(listener);
    }

    /**
     * Returns how many {@code runUntilComplete}/{@code runForever} calls are open on the FX thread. FX thread.
     *
     * @return the number of open calls
     */
    public int nestingDepth() {
        requireFxThread("nestingDepth");
        return fx.depth();
    }

    /**
     * Returns the open {@code runUntilComplete}/{@code runForever} calls on the FX thread, outermost first. FX thread.
     *
     * @return a description of each open call, outermost first
     */
    public List<String> openCalls() {
        requireFxThread("openCalls");
        return fx.openFrameLabels();
    }

    /** Test hook: runs {@code hook} once, right after the next exit of the innermost nested loop. */
    void setAfterExitHook(Runnable hook) {
        fx.setAfterExitHook(hook);
    }

    // ------------------------------------------------------------------ runUntilComplete

    /**
     * Runs the loop until {@code future} is done and returns its value. On the FX thread this is a nested
     * event loop (the window stays live); on another thread the caller blocks while the FX thread does the
     * work.
     *
     * @param future the future to wait for
     * @param <T>    its value type
     * @return its value
     * @throws Exception             its failure, unchanged
     * @throws IllegalStateException inside a task of this loop (use {@link Async#await}), during a pulse,
     *                               beyond {@value #MAX_NESTED_CALLS} open calls, or when the application
     *                               exits first
     */
    @Override
    public <T> T runUntilComplete(LoopFuture<T> future) throws Exception {
        Objects.requireNonNull(future, "future");
        if (future.loop() != this) {
            throw new IllegalArgumentException(future + " belongs to another event loop; run that loop instead.");
        }
        if (!Platform.isFxApplicationThread()) return waitFromOtherThread(future);
        checkNotShutDown();
        checkCanBlock("runUntilComplete");
        // A no-op done callback makes a completion from a plain event handler wake the loop, which then ends the frame.
        future.addDoneCallback(f -> {
        });
        runNested("runUntilComplete(" + future + ")", () -> future.isDone() || shuttingDown());
        if (!future.isDone() || (shuttingDown() && future.isCancelled())) throw endedByShutdown("runUntilComplete", future);
        return future.result();
    }

    /**
     * Runs {@code body} as a task until it is done; see {@link #runUntilComplete(LoopFuture)}.
     *
     * @param body the coroutine
     * @param <T>  its result type
     * @return its result
     * @throws Exception its failure, unchanged
     */
    @Override
    public <T> T runUntilComplete(Coroutine<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        if (!Platform.isFxApplicationThread()) {
            checkNotShutDown();
            try {
                return blockUntil(submit(body));
            } catch (CancellationException e) {
                if (shuttingDown()) throw endedByShutdown("runUntilComplete", body);
                throw e;
            }
        }
        checkNotShutDown();
        checkCanBlock("runUntilComplete");
        return runUntilComplete(createTask(body));
    }

    /** Runs a nested frame on the FX thread; a shutdown that happened meanwhile closes the loop once the last returns. */
    private void runNested(String label, java.util.function.BooleanSupplier done) {
        try {
            runFrame(done, label);
        } finally {
            if (shuttingDown() && fx.depth() == 0 && !isClosed()) super.close();
        }
    }

    private <T> T waitFromOtherThread(LoopFuture<T> future) throws Exception {
        return blockUntil(future.toCompletableFuture());
    }

    /**
     * Blocks a thread that is not the FX thread until {@code waiter} completes, or until shutdown releases it.
     * It registers first and checks for shutdown second: a shutdown that begins after the check finds it
     * registered and releases it, one that began before is seen by the check. Either way it never hangs.
     */
    private <T> T blockUntil(CompletableFuture<T> waiter) throws Exception {
        offThreadWaits.add(waiter);
        try {
            Runnable hook = offThreadWaitHook;
            if (hook != null) hook.run();
            checkNotShutDown();
            return waiter.get();
        } catch (ExecutionException e) {
            throw rethrowCause(e);
        } finally {
            offThreadWaits.remove(waiter);
        }
    }

    /** Test hook: runs {@code hook} in every off-thread runUntilComplete, between registering and checking. */
    void setOffThreadWaitHook(Runnable hook) {
        offThreadWaitHook = hook;
    }

    private static Exception rethrowCause(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof Error err) throw err;
        return c instanceof Exception ex ? ex : e;
    }

    private IllegalStateException endedByShutdown(String what, Object target) {
        return new IllegalStateException(what + "(" + target + ") ended because the JavaFX application is exiting "
                + "(or FxEventLoop.shutdown() was called) before it completed.");
    }

    /** Refuses a blocking call where a nested event loop cannot or must not be entered. */
    private void checkCanBlock(String what) {
        Task<?> task = Async.currentTaskOrNull();
        if (task != null && task.loop() == this && !nesting.calledByNestedLoop()) {
            throw new IllegalStateException(what + "() was called inside task '" + task.name() + "' of the FX event "
                    + "loop: the task would wait for itself. Use Async.await(future) inside a task instead.");
        }
        nesting.checkCanNest(what);
    }

    // ------------------------------------------------------------------ runForever / stop

    /**
     * On the FX thread: runs a nested event loop until {@link #stop()} (the loop itself runs anyway; this
     * only blocks the caller). On another thread: blocks the caller until {@code stop()}. Either way it also
     * returns when the loop is shut down.
     *
     * @throws IllegalStateException on the FX thread inside a task, during a pulse, or beyond the nesting cap
     */
    @Override
    public void runForever() {
        checkNotShutDown();
        RunForeverCall call = new RunForeverCall();
        if (Platform.isFxApplicationThread()) {
            checkCanBlock("runForever");
            synchronized (runForeverCalls) {
                runForeverCalls.addLast(call);
            }
            try {
                runNested("runForever()", () -> call.stopped || shuttingDown());
            } finally {
                synchronized (runForeverCalls) {
                    runForeverCalls.remove(call);
                }
            }
            return;
        }
        synchronized (runForeverCalls) {
            if (shuttingDown()) return; // shutdown released the calls registered before it; this one comes too late
            runForeverCalls.addLast(call);
        }
        try {
            call.released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (runForeverCalls) {
                runForeverCalls.remove(call);
            }
        }
    }

    /**
     * Ends the innermost open {@link #runForever()} call, if there is one; any thread. It never ends a
     * {@code runUntilComplete} or a dialog's nested loop, never stops the loop itself (it runs as long as
     * the toolkit) and never exits the application. Without an open {@code runForever} it does nothing.
     */
    @Override
    public void stop() {
        RunForeverCall call;
        synchronized (runForeverCalls) {
            call = runForeverCalls.pollLast();
        }
        if (call == null) return;
        call.stopped = true;
        call.released.countDown();
        fx.requestRun(); // the next slice ends its frame
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Sets how long {@link #shutdown()} waits for cancelled tasks to finish (default 5 s).
     *
     * @param grace the grace period
     * @throws IllegalArgumentException if it is negative
     */
    public void setShutdownGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) throw new IllegalArgumentException("The grace period must not be negative: " + grace);
        shutdownGrace = grace;
    }

    /**
     * Returns the grace period of {@link #shutdown()}.
     *
     * @return the grace period of {@link #shutdown()}
     */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /**
     * Returns true once {@link #shutdown()} has begun.
     *
     * @return true once {@link #shutdown()} has begun
     */
    public boolean isShutDown() {
        return shuttingDown();
    }

    private boolean shuttingDown() {
        return phase != Phase.RUNNING;
    }

    /**
     * Shuts the loop down: cancels every pending task, runs the loop on the FX thread until their
     * {@code finally} blocks are done or the grace period has passed, reports tasks still pending by name to
     * the exception handler, ends open {@code runUntilComplete} calls (they throw
     * {@link IllegalStateException}) and {@code runForever} calls, and closes the loop. Call it from
     * {@code Application.stop()}; it also runs by itself when the toolkit exits (see the class comment).
     * Any thread (another thread waits for it); calling it again does nothing. The window does not repaint
     * while it runs.
     *
     * <p>Called from a task of this loop (a quit handler written with {@link FxAsync#handler}, say), that task
     * is cancelled too, but not waited for: {@code shutdown()} returns to it once the other tasks are done,
     * its next {@code await} throws {@link CancellationException}, its {@code finally} blocks run, and the loop
     * closes when it has ended.
     */
    public void shutdown() {
        if (!Platform.isFxApplicationThread()) {
            CountDownLatch done = new CountDownLatch(1);
            try {
                Platform.runLater(() -> {
                    try {
                        shutdown();
                    } finally {
                        done.countDown();
                    }
                });
                if (!done.await(shutdownGrace.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "FxEventLoop.shutdown() did not get the FX thread in time");
                }
            } catch (IllegalStateException toolkitGone) {
                phase = Phase.SHUT_DOWN;
                fx.detach();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (phase == Phase.RUNNING) {
            beginShutdown();
        } else if (shutdownCaller != null && !shutdownCaller.isDone() && Async.currentTaskOrNull() != shutdownCaller) {
            // The toolkit exits while the task that called shutdown() still runs: let it finish, within the grace.
            fx.drain(shutdownCaller::isDone, System.nanoTime() + shutdownGrace.toNanos());
            reportIfPending(shutdownCaller);
        }
        if (shutdownCaller == null || shutdownCaller.isDone() || FxLifecycle.isExiting()) finishShutdown();
    }

    private void beginShutdown() {
        phase = Phase.SHUTTING_DOWN;
        // Called by a task of this loop (a quit handler written as a task): it is cancelled like the others, but
        // not waited for here, where it cannot end. Its finally blocks run once shutdown() returns to it; the loop
        // runs until then and closes after.
        Task<?> current = Async.currentTaskOrNull();
        shutdownCaller = current != null && current.loop() == this ? current : null;
        List<Task<?>> pending = allTasks().stream().filter(t -> t != shutdownCaller).toList();
        String why = "The JavaFX application is exiting (FxEventLoop.shutdown)";
        if (shutdownCaller != null) {
            shutdownCaller.cancel(why);
            Task<?> caller = shutdownCaller;
            caller.addDoneCallback(t -> {
                if (caller == shutdownCaller) finishShutdown();
            });
        }
        releaseBlockedCallers();
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        // Run in place until the tasks are done and the callbacks they left have run (so close() drops nothing),
        // or the grace period has passed.
        try {
            CancelAndDrain.run(this, pending, why,
                    done -> fx.drain(() -> done.getAsBoolean() && stats().readyCallbacks() == 0, deadline),
                    withinGrace());
        } catch (Exception e) {
            throw new IllegalStateException("FX loop shutdown failed", e); // the FX drain throws nothing checked
        }
    }

    private String withinGrace() {
        return "within the shutdown grace period of " + shutdownGrace.toMillis() + " ms";
    }

    private void reportIfPending(Task<?> t) {
        if (!t.isDone()) {
            callExceptionHandler(new ErrorContext("Task '" + t.name() + "' did not finish " + withinGrace()
                    + "; its finally blocks will not run (awaiting: " + t.waitingOn() + ")", null, null, t));
        }
    }

    /** Ends the shutdown once, when no task that called it is still running: stop posting, close. FX thread. */
    private void finishShutdown() {
        if (phase.compareTo(Phase.FINISHING) >= 0) return;
        phase = Phase.FINISHING;
        fx.drain(() -> stats().readyCallbacks() == 0, System.nanoTime() + shutdownGrace.toNanos());
        phase = Phase.SHUT_DOWN;
        fx.abandonFrames();
        fx.detach();
        closeWhenUnwound();
    }

    private void releaseBlockedCallers() {
        synchronized (runForeverCalls) {
            for (RunForeverCall c : runForeverCalls) {
                c.stopped = true;
                c.released.countDown();
            }
        }
        for (CompletableFuture<?> w : offThreadWaits) {
            w.completeExceptionally(new IllegalStateException("The FX event loop was shut down (the JavaFX "
                    + "application is exiting) before the awaited future completed."));
        }
    }

    /** Closes the loop now, or (see runNested) once no runUntilComplete/runForever call of it is on the stack. */
    private void closeWhenUnwound() {
        if (fx.depth() == 0) super.close();
    }

    /** Same as {@link #shutdown()}: the FX loop cannot be closed without cancelling its tasks first. */
    @Override
    public void close() {
        shutdown();
    }

    private void checkNotShutDown() {
        if (shuttingDown()) {
            throw new IllegalStateException("The FX event loop was shut down (the JavaFX application is exiting); "
                    + "nothing can run on it any more. FxEventLoop.get() returns a new loop while the toolkit still runs.");
        }
    }

    @Override
    public String toString() {
        return "FxEventLoop" + super.toString().substring(getClass().getSimpleName().length());
    }
}
