package io.loopfx.fx;

import io.loopfx.fx.internal.NestedHoldUpEvent;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The open runs of the loop on the FX thread ({@code runUntilComplete}, {@code runForever}, shutdown's drain),
 * innermost last: one JavaFX nested event loop each, or a run in place. FX thread only.
 *
 * <p>JavaFX returns from nested loops innermost first, so an outer run whose condition holds first is asked
 * to end, waits for the inner ones, and the wait is reported as a {@link NestedLoopHoldUp}. A run is asked to
 * end only at the end of a slice (the host calls {@link #check()} last), and right after our own exit of the
 * innermost loop the host runs a new one in place instead of entering a nested loop
 * ({@link #justLeftOwnLoop()}): entering one in that window jams JavaFX's {@code InvokeLaterDispatcher} on GTK,
 * Windows and macOS (JDK-8285893). The same holds after a stage shown with {@code showAndWait} (a dialog) is hidden:
 * its nested loop is leaving until the event that hid it returns, and a callback that hides a dialog and then calls
 * {@code runUntilComplete} jammed the FX thread for good on GTK (found by FxNestedLoopFuzzTest).
 * {@link #foreignLoopMayBeLeaving()} says when that may be the case.
 */
final class FxFrames {
    private static final String SELF = FxFrames.class.getName();
    private static final String HOST = FxHost.class.getName();

    /** FX thread: a stage was hidden while nested loops ran, and JavaFX has not dispatched a runLater since. */
    private static boolean stageHiddenInNestedLoop;
    private static boolean watchingWindows;

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private int ownLeavesPending;
    private Consumer<NestedLoopHoldUp> holdUpListener;
    private Runnable afterExitHook; // tests: runs right after we asked JavaFX to leave the innermost loop

    /** One open run of the loop on the FX thread. */
    static final class Frame {
        final Object key = new Object();
        final BooleanSupplier done;
        final String label;
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

    /** Registers a new innermost run; the caller runs it and then calls {@link #close}. */
    Frame open(BooleanSupplier done, String label) {
        Frame f = new Frame(done, label);
        frames.addLast(f);
        return f;
    }

    /** Runs {@code f} as a JavaFX nested event loop, until {@link #check()} asks it to end. */
    void enterNestedLoop(Frame f) {
        Platform.enterNestedEventLoop(f.key);
    }

    /** The run {@code f} has returned: forget it, and report how long an inner loop held it up. */
    void close(Frame f) {
        frames.removeLastOccurrence(f);
        if (f.leaveCounted) ownLeavesPending--;
        reportHoldUp(f);
    }

    /** True between our exit of the innermost loop and its return: no nested loop may be entered now. */
    boolean justLeftOwnLoop() {
        return ownLeavesPending > 0;
    }

    /**
     * FX thread: true if a nested loop that is not ours (a dialog's {@code showAndWait}) may have been asked to leave
     * and not returned yet, so that no nested loop may be entered now. JavaFX says nothing about it, so this is
     * inferred: a stage was hidden while a nested loop ran, and no {@code runLater} has run since. While a nested loop is leaving, JavaFX holds back every {@code runLater}
     * (that is the jam), so one runs only once it has returned; if the stage had no nested loop, one runs at once.
     */
    static boolean foreignLoopMayBeLeaving() {
        return stageHiddenInNestedLoop;
    }

    /**
     * FX thread: a {@code runLater} (a slice) is running, so no nested loop is leaving: JavaFX would have held it back.
     * Clears the inference early when a slice was already queued before the one that hid the stage.
     */
    static void runLaterDispatched() {
        stageHiddenInNestedLoop = false;
    }

    /** FX thread: a nested loop that is not ours may be leaving, until JavaFX dispatches a runLater again. */
    private static void foreignLoopLeaving() {
        if (stageHiddenInNestedLoop) return;
        stageHiddenInNestedLoop = true;
        try {
            Platform.runLater(() -> stageHiddenInNestedLoop = false);
        } catch (IllegalStateException toolkitExited) {
            stageHiddenInNestedLoop = false;
        }
    }

    /** FX thread, once per toolkit run: watches for stages hidden while nested loops run. */
    static void watchWindows() {
        if (watchingWindows) return;
        watchingWindows = true;
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                if (!change.wasRemoved() || !Platform.isNestedLoopRunning()) continue;
                for (Window w : change.getRemoved()) {
                    if (!(w instanceof Stage)) continue; // popups never run a nested loop
                    foreignLoopLeaving();
                    break;
                }
            }
        });
    }

    void setHoldUpListener(Consumer<NestedLoopHoldUp> listener) {
        holdUpListener = listener;
    }

    void setAfterExitHook(Runnable hook) {
        afterExitHook = hook;
    }

    int depth() {
        return frames.size();
    }

    List<String> labels() {
        List<String> out = new ArrayList<>(frames.size());
        for (Frame f : frames) out.add(f.label);
        return out;
    }

    /** Asks every open run whose condition is met to end; innermost first. Returns true if one was asked. */
    boolean check() {
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

    /** Forgets the runs whose nested loop JavaFX exits on its own (toolkit exit). */
    void abandon() {
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

    /** True if {@code frame} enters a nested event loop on the FX thread: JavaFX's, glass's, or our in-place run. */
    static boolean isNestedLoopEntry(StackWalker.StackFrame frame) {
        String m = frame.getMethodName();
        String c = frame.getClassName();
        return m.contains("nterNestedEventLoop")
                || (m.equals("enter") && c.equals("com.sun.glass.ui.EventLoop"))
                || (m.equals("runInPlace") && c.equals(HOST));
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
}
