package io.loopfx.fx.internal;

import io.loopfx.core.internal.NotInTaskHint;
import javafx.application.Platform;

/**
 * Explains an {@code Async.await}/{@code sleep} (or another call that needs a task) made on the JavaFX Application
 * Thread outside a task, usually in a plain event handler, and names {@code FxAsync.handler}. It works before the FX
 * loop was first used, when the core knows no loop on this thread. Loaded by loop-core through
 * {@link java.util.ServiceLoader}; not API.
 */
public final class FxNotInTaskHint implements NotInTaskHint {
    /** The service provider's constructor. */
    public FxNotInTaskHint() {
    }

    @Override
    public String notInTask(String method) {
        if (!Platform.isFxApplicationThread()) return null;
        String name = method.contains(".") ? method : "Async." + method;
        String call = name + "()";
        if (inEventDispatch()) {
            return call + " was called in a JavaFX event handler, which is not a task and cannot wait: wrap the "
                    + "handler in FxAsync.handler, e.g. button.setOnAction(FxAsync.handler(e -> { ... " + name + "(...); ... "
                    + "})), so that each event starts a task of the FX loop, on the FX thread.";
        }
        return call + " was called on the JavaFX Application Thread outside a task (in a listener, a Platform.runLater "
                + "or a plain callback), which cannot wait: start a task with FxEventLoop.get().createTask(() -> { ... "
                + name + "(...); ... }), or, in an event handler, wrap it in FxAsync.handler(e -> ...).";
    }

    /** True if JavaFX's event dispatch is on the stack: the caller is an event handler (or code one calls). */
    private static boolean inEventDispatch() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().startsWith("com.sun.javafx.event.")));
    }
}
