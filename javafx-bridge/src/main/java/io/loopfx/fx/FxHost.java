package io.loopfx.fx;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopDriver;
import io.loopfx.fx.internal.NestedHoldUpEvent;
import javafx.application.Platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives the scheduler on the JavaFX Application Thread: at most one {@link Platform#runLater} is pending at
 * a time, and each one runs a time-boxed slice of the loop; timers come from one daemon thread
 * ({@link FxTimerThread}) that posts a slice when the earliest deadline has passed. Blocking ("run until X")
 * is a JavaFX nested event loop, one per {@link Frame}.
 *
 * <p>Nested frames end only at the very end of a slice, and the slice returns right after asking JavaFX to
 * leave a loop. That keeps our own code from entering a new nested loop between the exit of the innermost
 * loop and its return, the shape that jams JavaFX's {@code InvokeLaterDispatcher} on GTK, Windows and macOS
 * (JDK-8285893). If a frame is nevertheless requested in that window (an input event GTK dispatches in the
 * same iteration), the loop runs in place on the FX thread instead of entering a nested loop.
 */
final class FxHost implements Host {
    private static final String SELF = FxHost.class.getName();
    private static final long PARK_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AtomicBoolean posted = new AtomicBoolean();
    private final Runnable slice = this::runSlice;
    private final FxTimerThread timer = new FxTimerThread(this::requestRun);
    private volatile long budgetNanos = TimeUnit.MILLISECONDS.toNanos(4);
    private volatile Thread fxThread;
    private volatile int inPlaceDepth;
    private volatile boolean detached;
    private LoopDriver driver;

    // FX thread only
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private int ownLeavesPending;
    private Consumer<NestedLoopHoldUp> holdUpListener;
    private Runnable afterExitHook; // tests: runs right after this host asked JavaFX to leave the innermost loop

    /** One open "run until" of the loop on the FX thread. */
    static final class Frame {
        final Object key = new Object();
        final BooleanSupplier done;
        final String label;
        final long startedAt = System.nanoTime();
        boolean inPlace;
        boolean exitRequested;
        boolean leaveCounted;
        long doneAt;
        String heldBy;

        Frame(BooleanSupplier done, String label) {
            this.done = done;
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
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
            Thread t = fxThread;
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
        timer.setDeadline(deadlineNanos);
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
            fxThread = Thread.currentThread();
            driver.runByHost(); // now on the FX thread: binds EventLoop.current() here
            FxLifecycle.watch();
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
            if (next == LoopDriver.RUN_AGAIN || next - nanoTime() <= 0) requestRun();
            checkFrames();
        }
    }

    // ------------------------------------------------------------------ nested frames

    void setHoldUpListener(Consumer<NestedLoopHoldUp> listener) {
        holdUpListener = listener;
    }

    void setAfterExitHook(Runnable hook) {
        afterExitHook = hook;
    }

    int depth() {
        return frames.size();
    }

    List<String> openFrameLabels() {
        List<String> out = new ArrayList<>(frames.size());
        for (Frame f : frames) out.add(f.label);
        return out;
    }

    /** Asks every open frame whose condition is met to end; innermost first. Returns true if one was asked. */
    boolean checkFrames() {
        if (frames.isEmpty()) return false;
        boolean any = false;
        Frame innermost = frames.peekLast();
        Frame innerOpen = null; // the closest frame inside the one being looked at (it has not returned yet)
        for (Iterator<Frame> it = frames.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.exitRequested || f.inPlace || !f.done.getAsBoolean()) {
                innerOpen = f;
                continue;
            }
            f.exitRequested = true;
            f.doneAt = System.nanoTime();
            f.heldBy = innerOpen != null ? innerOpen.label : null;
            boolean leavesInnermost = f == innermost && ownLoopIsInnermost();
            try {
                Platform.exitNestedEventLoop(f.key, null);
            } catch (IllegalArgumentException alreadyExited) {
                continue; // JavaFX ended it itself (Platform.exit ends every nested loop)
            }
            if (leavesInnermost) {
                f.leaveCounted = true;
                ownLeavesPending++;
                Runnable hook = afterExitHook;
                if (hook != null) {
                    afterExitHook = null;
                    hook.run();
                }
            }
            any = true;
            innerOpen = f;
        }
        return any;
    }

    /**
     * Returns true if the innermost JavaFX nested loop running now is one of ours (the loop of our innermost
     * frame) rather than, say, a dialog's {@code showAndWait}. Walks the stack down to the innermost
     * glass loop entry and looks at who entered it.
     */
    private static boolean ownLoopIsInnermost() {
        return StackWalker.getInstance().walk(s -> {
            boolean inLoopEntry = false;
            for (Iterator<StackWalker.StackFrame> it = s.iterator(); it.hasNext(); ) {
                StackWalker.StackFrame fr = it.next();
                if (!inLoopEntry) {
                    inLoopEntry = fr.getClassName().equals("com.sun.glass.ui.EventLoop") && fr.getMethodName().equals("enter");
                    continue;
                }
                String c = fr.getClassName();
                if (c.startsWith("com.sun.") || c.equals("javafx.application.Platform")) continue;
                return c.equals(SELF);
            }
            return false;
        });
    }

    /**
     * Runs the loop on the FX thread until {@code done}: a JavaFX nested event loop, or, where one must not or
     * cannot be entered, in place. In place: right after our own exit of the innermost loop (JDK-8285893), during
     * a pulse (where JavaFX forbids nested loops; shutdown() may be called from one), and while the toolkit
     * exits (shutdown() runs from its exit hook, after JavaFX has ended every nested loop).
     */
    @Override
    public void runUntil(BooleanSupplier done, String label) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("The FX host can only block on the JavaFX Application Thread");
        }
        Frame f = new Frame(done, label);
        frames.addLast(f);
        try {
            if (done.getAsBoolean()) return;
            if (ownLeavesPending > 0 || FxLifecycle.isExiting() || !Platform.canStartNestedEventLoop()) {
                runInPlace(f);
            } else {
                requestRun();
                Platform.enterNestedEventLoop(f.key);
            }
        } finally {
            frames.removeLastOccurrence(f);
            if (f.leaveCounted) ownLeavesPending--;
            reportHoldUp(f);
        }
    }

    /**
     * Runs the loop on the FX thread without a nested event loop, parking between iterations until the next
     * timer or a {@link #requestRun()}. The window is not repainted meanwhile.
     */
    private void runInPlace(Frame f) {
        f.inPlace = true;
        if (fxThread == null) fxThread = Thread.currentThread();
        inPlaceDepth++;
        try {
            while (true) {
                long next = driver.runOnce(Long.MAX_VALUE);
                checkFrames();
                if (f.done.getAsBoolean()) return;
                if (next == LoopDriver.RUN_AGAIN) continue;
                long wait = next == Long.MAX_VALUE ? PARK_CAP_NANOS : Math.min(PARK_CAP_NANOS, next - nanoTime());
                if (wait > 0) LockSupport.parkNanos(this, wait);
            }
        } finally {
            inPlaceDepth--;
        }
    }

    private void reportHoldUp(Frame f) {
        // a frame that was the innermost loop when asked to end returns at once: nothing held it up
        if (!f.exitRequested || f.leaveCounted || f.inPlace) return;
        long heldFor = System.nanoTime() - f.doneAt;
        NestedLoopHoldUp h = new NestedLoopHoldUp(f.label,
                f.heldBy != null ? f.heldBy : "a nested event loop this event loop does not run (e.g. a modal dialog's showAndWait)",
                java.time.Duration.ofNanos(heldFor));
        NestedHoldUpEvent event = new NestedHoldUpEvent();
        if (event.isEnabled()) {
            event.call = h.frame();
            event.heldBy = h.heldBy();
            event.heldFor = heldFor;
            event.depth = frames.size() + 1;
            event.commit();
        }
        Consumer<NestedLoopHoldUp> l = holdUpListener;
        if (l != null) l.accept(h);
    }

    /** True while the loop runs in place (shutdown's drain, or a frame that must not enter a nested loop). */
    boolean runsInPlace() {
        return inPlaceDepth > 0;
    }

    /** True if {@code frame} enters a nested event loop on the FX thread: JavaFX's, glass's, or our in-place run. */
    static boolean isNestedLoopEntry(StackWalker.StackFrame frame) {
        String m = frame.getMethodName();
        String c = frame.getClassName();
        return m.contains("nterNestedEventLoop")
                || (m.equals("enter") && c.equals("com.sun.glass.ui.EventLoop"))
                || (m.equals("runInPlace") && c.equals(SELF));
    }

    /** Forgets the ending frames whose nested loop JavaFX exits on its own (toolkit exit). */
    void abandonFrames() {
        for (Frame f : frames) {
            if (!f.exitRequested && !f.inPlace) {
                f.exitRequested = true;
                try {
                    Platform.exitNestedEventLoop(f.key, null);
                } catch (RuntimeException alreadyGone) {
                    // the toolkit exited it already
                }
            }
        }
    }
}
