package io.loopfx.fx;

import io.loopfx.core.spi.NestingGuard;
import javafx.application.Platform;

/**
 * What the loop must know about nested event loops on the FX thread: where JavaFX forbids them (a pulse),
 * the cap on how many of the loop's own may be open, and whether code that calls {@code await} was run by one
 * (an event handler inside a dialog that a task shows), which must not be suspended.
 */
final class FxNestingGuard implements NestingGuard {
    private final FxHost host;

    FxNestingGuard(FxHost host) {
        this.host = host;
    }

    @Override
    public void checkCanNest(String call) {
        if (!Platform.canStartNestedEventLoop()) {
            throw new IllegalStateException(call + "() was called during animation or layout processing (a JavaFX "
                    + "pulse), where JavaFX forbids nested event loops. Start a task with "
                    + "FxEventLoop.get().createTask(...) and Async.await the future in it instead.");
        }
        if (host.frames.depth() >= FxEventLoop.MAX_NESTED_CALLS) {
            throw new IllegalStateException(call + "() would open more than " + FxEventLoop.MAX_NESTED_CALLS
                    + " nested calls of the FX event loop (open: " + host.frames.depth() + ", innermost: "
                    + host.frames.labels().getLast() + "). Start a task with createTask(...) and Async.await "
                    + "the future in it instead.");
        }
    }

    @Override
    public boolean endIterationNow() {
        // A dialog's nested loop may be leaving: a callback after this one that blocked in a new nested loop
        // (a showAndWait) would jam GTK (JDK-8285893). The next slice, a runLater, runs once it has left.
        return FxFrames.foreignLoopMayBeLeaving();
    }

    @Override
    public boolean calledByNestedLoop() {
        return Platform.isFxApplicationThread() && (host.runsInPlace() || Platform.isNestedLoopRunning())
                && NestingGuard.anyFrameAboveTaskCode(FxFrames::isNestedLoopEntry);
    }
}
