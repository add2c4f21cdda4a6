package io.loopfx.fx;

import io.loopfx.core.ErrorContext;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
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
     * The body of an event handler made by {@link #handler}: runs as a task, so it may {@code await}.
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
     * {@code asyncSlot}). The task starts in the loop's next slice, after the event has been dispatched, so
     * consuming the event inside the body has no effect on its dispatch. A failure of the task goes to the
     * loop's exception handler at once; cancellation is not reported.
     *
     * <pre>{@code
     * button.setOnAction(FxAsync.handler(e -> {
     *     label.setText(Async.await(fetch()));
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
                Task<Void> task = loop.createTask("FxAsync.handler(" + event.getEventType() + ")", () -> {
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
            throw new IllegalStateException(method + "() must be called on the JavaFX Application Thread (e.g. from a "
                    + "task of the FX loop), not from thread '" + Thread.currentThread().getName() + "'.");
        }
    }
}
