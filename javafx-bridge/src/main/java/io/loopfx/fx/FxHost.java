package io.loopfx.fx;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopDriver;
import javafx.application.Platform;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Drives the scheduler on the JavaFX Application Thread, by itself ({@code LoopDriver.runByHost}): at most one
 * {@link Platform#runLater} is pending at a time, and each one runs a time-boxed slice of the loop; timers come
 * from one daemon thread ({@link FxTimerThread}) that posts a slice when the earliest deadline has passed.
 * Blocking ("run until X") is a JavaFX nested event loop, one per open run ({@link FxFrames}), or a run in place
 * where a nested loop must not be entered.
 *
 * <p>Runs end only at the very end of a slice, and the slice returns right after asking JavaFX to leave a
 * loop. That keeps our own code from entering a new nested loop between the exit of the innermost loop and
 * its return (JDK-8285893, see {@link FxFrames}). If a run is nevertheless requested in that window (an input
 * event GTK dispatches in the same iteration), the loop runs in place on the FX thread instead.
 */
final class FxHost implements Host {
    private static final long PARK_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AtomicBoolean posted = new AtomicBoolean();
    private final Runnable slice = this::runSlice;
    private final FxTimerThread timer = new FxTimerThread(this::requestRun);
    private volatile long budgetNanos = TimeUnit.MILLISECONDS.toNanos(4);
    private volatile Thread inPlaceThread; // the FX thread, while it runs the loop in place (requestRun unparks it)
    private volatile int inPlaceDepth;
    private volatile boolean detached;
    private final boolean virtualTime;
    private LoopDriver driver;

    /** The open runs of the loop on the FX thread (FX thread only). */
    final FxFrames frames = new FxFrames();

    /**
     * A host for a loop on the system clock ({@code virtualTime} false), or on a virtual clock (true: a test's FX
     * loop), whose clock jumps to the next timer whenever the loop is idle, so no timer thread waits for it.
     */
    FxHost(boolean virtualTime) {
        this.virtualTime = virtualTime;
    }

    @Override
    public void attach(LoopDriver driver) {
        this.driver = driver;
    }

    private long nanoTime() {
        return driver.clock().nanoTime();
    }

    @Override
    public boolean isLoopThread() {
        return Platform.isFxApplicationThread();
    }

    @Override
    public void requestRun() {
        if (inPlaceDepth > 0) {
            Thread t = inPlaceThread;
            if (t != null) LockSupport.unpark(t);
        }
        if (detached || posted.get() || !posted.compareAndSet(false, true)) return;
        try {
            Platform.runLater(slice);
        } catch (IllegalStateException toolkitNotRunning) {
            posted.set(false);
        }
    }

    @Override
    public void wakeAt(long deadlineNanos) {
        // A virtual deadline means nothing to the timer thread's real clock: a slice finds the timer, and jumps
        // the clock to it if the loop is idle then.
        if (virtualTime) {
            if (deadlineNanos != Long.MAX_VALUE) requestRun();
        } else {
            timer.setDeadline(deadlineNanos);
        }
    }

    /** Sets the longest time one slice may run callbacks before it gives the FX thread back. */
    void setBudgetNanos(long nanos) {
        budgetNanos = nanos;
    }

    long budgetNanos() {
        return budgetNanos;
    }

    /**
     * Starts running the loop by itself on the FX thread, from any thread: from here on it runs whenever the
     * toolkit runs. On the FX thread (at once, or in the first {@code runLater}), it also makes the loop the FX
     * thread's current loop and hands it to the lifecycle, which shuts it down when the toolkit exits.
     */
    void start() {
        driver.runByHost();
        Runnable onFxThread = () -> {
            driver.runByHost(); // now on the FX thread: binds EventLoop.current() here
            FxLifecycle.watch();
            FxFrames.watchWindows();
        };
        if (Platform.isFxApplicationThread()) onFxThread.run();
        else Platform.runLater(onFxThread);
    }

    /** True once the loop has finished (shut down): the FX loop makes a new one then. */
    boolean loopFinished() {
        return driver.isFinished();
    }

    /** Stops posting slices and timers: the loop is shut down. */
    void detach() {
        detached = true;
        timer.shutdown();
    }

    private void runSlice() {
        posted.set(false);
        FxFrames.runLaterDispatched();
        if (detached) return;
        if (driver.isFinished()) { // shut down: nothing will run any more
            detach();
            return;
        }
        long next = LoopDriver.RUN_AGAIN; // if runOnce throws, ask for another slice
        try {
            next = driver.runOnce(budgetNanos);
        } finally {
            // Callbacks left over, or a timer that fell due while this slice ran, get the next slice directly: a
            // round trip through the timer thread would add a thread wake-up, which on a busy desktop can cost
            // milliseconds. Ending frames is the last thing a slice does (JDK-8285893, see the class comment).
            if (next == LoopDriver.RUN_AGAIN || next - nanoTime() <= 0 || skipTo(next)) requestRun();
            frames.check();
        }
    }

    /**
     * The loop is idle until {@code next}: a virtual clock jumps there (true: run again at once, the timer is
     * due), the system clock does not (false). Nothing is due when {@code next} is {@link Long#MAX_VALUE}.
     */
    private boolean skipTo(long next) {
        return virtualTime && next != Long.MAX_VALUE && driver.clock().skipTo(next);
    }

    // ------------------------------------------------------------------ running until a condition holds

    /**
     * Runs the loop on the FX thread until {@code done}: a JavaFX nested event loop, or, where one must not or
     * cannot be entered, in place. In place: right after our own exit of the innermost loop (JDK-8285893), during
     * a pulse (where JavaFX forbids nested loops; shutdown() may be called from one), and while the toolkit
     * exits (shutdown() runs from its exit hook, after JavaFX has ended every nested loop); and while a dialog's
     * nested loop may be leaving ({@link FxFrames#foreignLoopMayBeLeaving()}, JDK-8285893 again).
     */
    @Override
    public void runUntil(BooleanSupplier done, String label) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("The FX host can only block on the JavaFX Application Thread");
        }
        FxFrames.Frame f = frames.open(done, label);
        try {
            if (done.getAsBoolean()) return;
            if (frames.justLeftOwnLoop() || FxFrames.foreignLoopMayBeLeaving() || FxLifecycle.isExiting()
                    || !Platform.canStartNestedEventLoop()) {
                runInPlace(f);
            } else {
                requestRun();
                frames.enterNestedLoop(f);
            }
        } finally {
            frames.close(f);
        }
    }

    /**
     * Runs the loop on the FX thread without a nested event loop, parking between iterations until the next
     * timer or a {@link #requestRun()}. The window is not repainted meanwhile.
     */
    private void runInPlace(FxFrames.Frame f) {
        f.inPlace = true;
        inPlaceThread = Thread.currentThread();
        inPlaceDepth++;
        try {
            while (true) {
                long next = driver.runOnce(Long.MAX_VALUE);
                frames.check();
                if (f.done.getAsBoolean()) return;
                if (next == LoopDriver.RUN_AGAIN || skipTo(next)) continue;
                long wait = next == Long.MAX_VALUE ? PARK_CAP_NANOS : Math.min(PARK_CAP_NANOS, next - nanoTime());
                if (wait > 0) LockSupport.parkNanos(this, wait);
            }
        } finally {
            inPlaceDepth--;
        }
    }

    /** True while the loop runs in place (shutdown's drain, or a frame that must not enter a nested loop). */
    boolean runsInPlace() {
        return inPlaceDepth > 0;
    }

    /**
     * FX thread: a nested loop entered now may jam GTK (JDK-8285893): one of ours or a dialog's is leaving, or a run in
     * place covers the caller (the host makes one for exactly those reasons).
     */
    boolean nestedLoopMayJam() {
        return frames.justLeftOwnLoop() || FxFrames.foreignLoopMayBeLeaving() || runsInPlace();
    }
}
