package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.HostedEventLoop;
import io.loopfx.core.EventLoop;
import io.loopfx.core.internal.VirtualClock;
import io.loopfx.core.spi.LoopClock;
import io.loopfx.fx.internal.FxTestLoops;
import javafx.application.Platform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * The loop's host runs it whenever the toolkit runs ({@link #isRunning()} is true from the start): it posts one
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
 * the innermost open {@code runForever} call (as on every loop), never a {@code runUntilComplete}, a
 * dialog's nested loop, or the application.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} (as on every loop) cancels every pending task and runs the loop on the FX thread until
 * their {@code finally} blocks are done or a grace period ({@link #setShutdownGrace}, default 5 s) has passed;
 * tasks still pending then are reported to the exception handler by name. Open {@code runUntilComplete}
 * calls end with an {@link IllegalStateException}. {@link #close()} throws: the loop runs as long as the
 * toolkit, so only {@code shutdown()} ends it.
 *
 * <p>It also runs by itself when the toolkit exits, on every path ({@code Platform.exit()}, implicit exit
 * when the last window closes, the launcher after {@code Application.stop()}): loopfx hooks the toolkit's
 * internal exit (the FX thread, after JavaFX has ended every nested loop, before the thread ends), and, when
 * the toolkit was started with {@code Platform.startup}, takes the exit off the FX thread so that
 * {@code Platform.exit()} inside a nested loop does not deadlock. Those hooks use JavaFX internals: with JavaFX
 * on the class path they always work; with JavaFX on the module path they need
 * {@code --add-exports javafx.graphics/com.sun.javafx.tk=io.loopfx.fx} and
 * {@code --add-opens javafx.graphics/com.sun.javafx.application=io.loopfx.fx} (loopfx on the module path; on the
 * class path {@code =ALL-UNNAMED} instead of {@code =io.loopfx.fx}), and without them loopfx logs once at INFO,
 * naming the form that fits, and the application must call {@code shutdown()} from {@code Application.stop()}
 * (which always works). After the toolkit has exited, {@link #get()} throws.
 */
public final class FxEventLoop extends HostedEventLoop {
    /**
     * The most {@code runUntilComplete}/{@code runForever} calls of this loop that may be open on the FX
     * thread at once. JavaFX 25 allows 200 nested event loops in all; the rest is left for dialogs.
     */
    public static final int MAX_NESTED_CALLS = 100;

    private static final Object LOCK = new Object();
    private static FxEventLoop instance; // guarded by LOCK: the one place that holds the current FX loop

    static {
        FxTestLoops.setFactory(FxEventLoop::replaceWithVirtualClock); // for @FxLoopTest(virtualClock = true)
    }

    private final FxHost fx;

    /**
     * FX thread: true if a nested loop entered now (a {@code showAndWait}) may jam GTK; see
     * {@link FxHost#nestedLoopMayJam()}. For tests that must not enter one then, such as the FX fuzz.
     */
    static boolean nestedLoopMayJam() {
        FxEventLoop loop;
        synchronized (LOCK) {
            loop = instance;
        }
        return loop != null ? loop.fx.nestedLoopMayJam() : FxFrames.foreignLoopMayBeLeaving();
    }

    private FxEventLoop(FxHost host, LoopClock clock) {
        super(host, clock, new FxNestingGuard(host));
        this.fx = host;
    }

    /**
     * Returns the event loop of the JavaFX Application Thread, creating it on first use. Callable from any
     * thread once the toolkit runs. After {@link #shutdown()} (while the toolkit still runs) it returns a
     * new loop.
     *
     * @return the FX loop
     * @throws IllegalStateException if the JavaFX toolkit has not been started yet, or has exited, or the JVM was
     *                               started without the option that lets loopfx use the JDK's continuations (the
     *                               message names it)
     */
    public static FxEventLoop get() {
        synchronized (LOCK) {
            FxEventLoop loop = instance;
            if (loop != null && !loop.fx.loopFinished() && !FxLifecycle.hasExited()) return loop;
            return replaceFinished(loop, false);
        }
    }

    /** Makes a new FX loop the current one, in place of {@code finished} (shut down, or null). Holds LOCK. */
    private static FxEventLoop replaceFinished(FxEventLoop finished, boolean virtualTime) {
        FxLifecycle.checkRunning();
        if (finished != null) finished.fx.detach();
        FxEventLoop loop = new FxEventLoop(new FxHost(virtualTime), virtualTime ? new VirtualClock() : LoopClock.system());
        instance = loop;
        loop.fx.start();
        return loop;
    }

    /**
     * Test support, for loopfx-test's {@code @FxLoopTest(virtualClock = true)} (through {@link FxTestLoops}): shuts
     * the current FX loop down and makes one on a virtual clock the current one, which {@link #get()} returns until
     * it is shut down in turn. There is one FX loop at a time: {@code EventLoop.current()} on the FX thread,
     * {@link FxAsync}'s handlers and {@code get()} all mean it, so a second one beside it would be a loop that
     * only the test's own code reaches. Not on the FX thread: the old loop's shutdown runs there.
     */
    private static FxEventLoop replaceWithVirtualClock() {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("The FX loop cannot be replaced from the JavaFX Application Thread: "
                    + "its shutdown runs there. Replace it from the test's thread, before the test runs.");
        }
        while (true) {
            FxEventLoop old;
            synchronized (LOCK) {
                old = instance;
                if (old == null || old.fx.loopFinished() || FxLifecycle.hasExited()) return replaceFinished(old, true);
            }
            // Outside the lock: the shutdown runs on the FX thread, where task code may call get(). Another
            // thread's get() may make a new loop meanwhile; the next round shuts that one down too.
            old.shutdown();
        }
    }

    /** The toolkit exits (FX thread, from its exit hook): shut the current loop down, and stop its host. */
    static void onToolkitExit() {
        FxEventLoop loop;
        synchronized (LOCK) {
            loop = instance;
        }
        if (loop == null) return;
        try {
            loop.shutdown();
        } finally {
            loop.fx.frames.abandon();
            loop.fx.detach();
        }
    }

    // ------------------------------------------------------------------ settings and monitoring

    /**
     * Sets how long one slice may run callbacks before the FX thread goes back to input and rendering
     * (default 4 ms). A callback is never interrupted; the budget is checked between callbacks. A budget too large
     * for a {@code long} of nanoseconds (about 292 years) is clamped to the largest, which means no budget: a slice
     * runs every callback that was ready when it began. Any thread.
     *
     * @param budget the budget; must be positive
     * @throws NullPointerException     if budget is null
     * @throws IllegalArgumentException if it is zero or negative
     */
    public void setSliceBudget(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("The slice budget must be positive: " + budget);
        }
        long nanos;
        try {
            nanos = budget.toNanos();
        } catch (ArithmeticException tooLarge) {
            nanos = Long.MAX_VALUE; // no budget
        }
        fx.setBudgetNanos(nanos);
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
        fx.frames.setHoldUpListener(listener);
    }

    /**
     * Returns how many {@code runUntilComplete}/{@code runForever} calls are open on the FX thread. FX thread.
     *
     * @return the number of open calls
     */
    public int nestingDepth() {
        requireFxThread("nestingDepth");
        return fx.frames.depth();
    }

    /**
     * Returns the open {@code runUntilComplete}/{@code runForever} calls on the FX thread, outermost first. FX thread.
     *
     * @return a description of each open call, outermost first
     */
    public List<String> openCalls() {
        requireFxThread("openCalls");
        return fx.frames.labels();
    }

    private static void requireFxThread(String method) {
        if (!Platform.isFxApplicationThread()) {
            FxLifecycle.checkRunning(); // the toolkit not started or exited: Platform.runLater would not help
            throw new IllegalStateException(method + "() was called from thread '" + Thread.currentThread().getName()
                    + "'; it belongs to the JavaFX Application Thread. Call it there (Platform.runLater).");
        }
    }

    /** Test hook: runs {@code hook} once, right after the next exit of the innermost nested loop. */
    void setAfterExitHook(Runnable hook) {
        fx.frames.setAfterExitHook(hook);
    }
}
