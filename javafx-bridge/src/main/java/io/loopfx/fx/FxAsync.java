package io.loopfx.fx;

import io.loopfx.core.ErrorContext;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.core.TaskStart;
import io.loopfx.core.internal.Continuations;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogEvent;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import java.util.Objects;
import java.util.Optional;

/**
 * JavaFX helpers for the FX event loop: event handlers that start tasks, and dialogs and windows awaited
 * without a nested event loop.
 */
public final class FxAsync {
    private FxAsync() {
    }

    /**
     * The body of an event handler made by {@link #handler}: runs as a task, so it may {@code await}; its first
     * lines run inside the event's dispatch.
     *
     * @param <E> the event type
     */
    @FunctionalInterface
    public interface EventCoroutine<E extends Event> {
        /**
         * Handles one event, as a task of the FX loop.
         *
         * @param event the event
         * @throws Exception anything; it goes to the loop's exception handler
         */
        void run(E event) throws Exception;
    }

    /**
     * Returns an event handler that starts {@code body} as a task of the FX loop for each event (qasync's
     * {@code asyncSlot}), eagerly ({@link TaskStart#EAGER}): the body runs at once, inside the event's dispatch,
     * until its first real suspension (an {@code await} of a pending future, a {@code sleep}); the rest runs on
     * the FX thread after it, as any task's code does. So the first lines see the event as a plain handler does:
     * {@code event.consume()} there stops its propagation (parents' handlers do not see it), its source and
     * target are the dispatch's, and a change to the scene shows without waiting for a slice of the loop. After
     * the first suspension the event has been dispatched: consuming it then changes nothing.
     *
     * <p>What JavaFX forbids in a plain handler is forbidden in the first part too: during animation or layout
     * processing (a handler of an animation's {@code onFinished}, say) no {@code showAndWait} (await
     * {@link #showAsync} instead). A failure of the task, before or after its first suspension, goes to the
     * loop's exception handler, never to the event's dispatcher; cancellation is not reported.
     *
     * <pre>{@code
     * button.setOnAction(FxAsync.handler(e -> {
     *     e.consume();                                 // still inside the dispatch: the parent never sees it
     *     button.setDisable(true);                     // shows at once
     *     label.setText(Async.await(fetch()));         // the first suspension: the handler returns here
     *     button.setDisable(false);                    // later, on the FX thread
     * }));
     * }</pre>
     *
     * @param body what to do for each event
     * @param <E>  the event type
     * @return the handler
     * @throws NullPointerException  if body is null
     * @throws IllegalStateException if the JVM was started without the option that lets loopfx use the JDK's
     *                               continuations: no handler could ever run, so this fails where the handler is
     *                               made (in {@code start()}, before the window opens), naming the option
     */
    public static <E extends Event> EventHandler<E> handler(EventCoroutine<E> body) {
        Objects.requireNonNull(body, "body");
        Continuations.checkAvailable();
        return event -> {
            FxEventLoop loop = FxEventLoop.get();
            try {
                Task<Void> task = loop.createTask("FxAsync.handler(" + event.getEventType() + ")", TaskStart.EAGER, () -> {
                    body.run(event);
                    return null;
                });
                task.addDoneCallback(t -> {
                    if (!t.isCancelled() && t.exception() != null) {
                        loop.callExceptionHandler(new ErrorContext("Exception in the task of an FxAsync.handler for "
                                + event.getEventType(), t.exception(), null, t));
                    }
                });
            } catch (RuntimeException e) {
                loop.callExceptionHandler(new ErrorContext("Could not start the task of an FxAsync.handler for "
                        + event.getEventType(), e, null, null));
            }
        };
    }

    /**
     * Shows {@code dialog} and returns a future completed with its result once it is hidden, without a
     * nested event loop (unlike {@link Dialog#showAndWait()}). Cancelling the future hides the dialog.
     * FX thread.
     *
     * @param dialog the dialog, not showing yet
     * @param <R>    its result type
     * @return a future of the FX loop for the dialog's result (empty if there is none)
     * @throws NullPointerException  if dialog is null
     * @throws IllegalStateException if not called on the FX thread, or the dialog is already showing
     */
    public static <R> LoopFuture<Optional<R>> showAsync(Dialog<R> dialog) {
        Objects.requireNonNull(dialog, "dialog");
        requireFxThread("showAsync");
        if (dialog.isShowing()) throw new IllegalStateException("The dialog is already showing; showAsync shows it itself.");
        LoopFuture<Optional<R>> result = FxEventLoop.get().createFuture();
        EventHandler<DialogEvent> onHidden = new EventHandler<>() {
            @Override
            public void handle(DialogEvent e) {
                dialog.removeEventHandler(DialogEvent.DIALOG_HIDDEN, this);
                if (!result.isDone()) result.setResult(Optional.ofNullable(dialog.getResult()));
            }
        };
        dialog.addEventHandler(DialogEvent.DIALOG_HIDDEN, onHidden);
        result.addDoneCallback(f -> {
            if (f.isCancelled() && dialog.isShowing()) dialog.hide();
        });
        dialog.show();
        return result;
    }

    /**
     * Shows {@code stage} and returns a future completed once it is hidden, without a nested event loop
     * (unlike {@link Stage#showAndWait()}). Cancelling the future hides the stage. FX thread.
     *
     * @param stage the stage, not showing yet
     * @return a future of the FX loop, completed with null when the stage is hidden
     * @throws NullPointerException  if stage is null
     * @throws IllegalStateException if not called on the FX thread, or the stage is already showing
     */
    public static LoopFuture<Void> showAsync(Stage stage) {
        Objects.requireNonNull(stage, "stage");
        requireFxThread("showAsync");
        if (stage.isShowing()) throw new IllegalStateException("The stage is already showing; showAsync shows it itself.");
        LoopFuture<Void> result = FxEventLoop.get().createFuture();
        EventHandler<WindowEvent> onHidden = new EventHandler<>() {
            @Override
            public void handle(WindowEvent e) {
                stage.removeEventHandler(WindowEvent.WINDOW_HIDDEN, this);
                if (!result.isDone()) result.setResult(null);
            }
        };
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, onHidden);
        result.addDoneCallback(f -> {
            if (f.isCancelled() && stage.isShowing()) stage.hide();
        });
        stage.show();
        return result;
    }

    private static void requireFxThread(String method) {
        if (!Platform.isFxApplicationThread()) {
            FxLifecycle.checkRunning(); // the toolkit not started or exited: there is no FX thread to call it on
            throw new IllegalStateException(method + "() must be called on the JavaFX Application Thread (e.g. from a "
                    + "task of the FX loop), not from thread '" + Thread.currentThread().getName() + "'.");
        }
    }
}
