package io.loopfx.fx;

import io.loopfx.core.Coroutine;
import io.loopfx.core.Task;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task of the FX loop seen as JavaFX properties, for binding a UI to it (what
 * {@link javafx.concurrent.Worker} is for {@code javafx.concurrent.Task}): state, running, progress, message,
 * value and exception. Properties change only on the FX thread. Progress and message updates are
 * coalesced: a burst of updates (a loop calling {@link #updateProgress} without awaiting, or many updates
 * from a worker thread) changes each property once per loop slice, to the latest value.
 *
 * <pre>{@code
 * FxTaskState<Path> download = FxTaskState.start("download", state -> {
 *     for (int i = 0; i < parts; i++) {
 *         Async.await(fetchPart(i));
 *         state.updateProgress(i + 1, parts);
 *         state.updateMessage("part " + (i + 1) + " of " + parts);
 *     }
 *     return file;
 * });
 * progressBar.progressProperty().bind(download.progressProperty());
 * cancelButton.disableProperty().bind(download.runningProperty().not());
 * }</pre>
 *
 * @param <T> the task's result type
 */
public final class FxTaskState<T> {
    /** The life cycle of the task, as the properties show it. */
    public enum State {
        /** Created, its code has not started yet (or, for {@link #of}, not known to have started). */
        SCHEDULED,
        /** Its code has started and it is not done. */
        RUNNING,
        /** It returned a value. */
        SUCCEEDED,
        /** It threw. */
        FAILED,
        /** It was cancelled. */
        CANCELLED
    }

    /**
     * A task body that reports progress through its {@link FxTaskState}.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface ReportingCoroutine<T> {
        /**
         * Runs the task's code.
         *
         * @param state where to report progress and messages
         * @return the result
         * @throws Exception the task's failure
         */
        T run(FxTaskState<T> state) throws Exception;
    }

    private static final String NO_MESSAGE = new String("no pending message");

    private final FxEventLoop loop;
    private Task<T> task;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.SCHEDULED);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", true);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<T> value = new ReadOnlyObjectWrapper<>(this, "value");
    private final ReadOnlyObjectWrapper<Throwable> exception = new ReadOnlyObjectWrapper<>(this, "exception");

    private final AtomicReference<Double> pendingProgress = new AtomicReference<>();
    private final AtomicReference<String> pendingMessage = new AtomicReference<>(NO_MESSAGE);
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private FxTaskState(FxEventLoop loop) {
        this.loop = loop;
    }

    /**
     * Starts {@code body} as a task of the FX loop and returns its state. FX thread.
     *
     * @param name the task's name, or null
     * @param body the task's code; it receives the state to report progress to
     * @param <T>  the result type
     * @return the state of the new task
     * @throws NullPointerException  if body is null
     * @throws IllegalStateException if not called on the FX thread
     */
    public static <T> FxTaskState<T> start(String name, ReportingCoroutine<T> body) {
        Objects.requireNonNull(body, "body");
        requireFxThread("start");
        FxEventLoop loop = FxEventLoop.get();
        FxTaskState<T> s = new FxTaskState<>(loop);
        Coroutine<T> wrapped = () -> {
            s.state.set(State.RUNNING);
            return body.run(s);
        };
        s.bind(loop.createTask(name, wrapped));
        return s;
    }

    /**
     * Returns a state for a task that already exists. It cannot see when the task's code starts, so it shows
     * {@link State#RUNNING} for a pending task; progress and message change only through
     * {@link #updateProgress} and {@link #updateMessage}. FX thread.
     *
     * @param task a task of the FX loop
     * @param <T>  its result type
     * @return its state
     * @throws NullPointerException     if task is null
     * @throws IllegalArgumentException if the task is not the FX loop's
     * @throws IllegalStateException    if not called on the FX thread
     */
    public static <T> FxTaskState<T> of(Task<T> task) {
        Objects.requireNonNull(task, "task");
        requireFxThread("of");
        if (!(task.loop() instanceof FxEventLoop loop)) {
            throw new IllegalArgumentException(task + " does not run on the FX event loop; FxTaskState shows FX tasks only.");
        }
        FxTaskState<T> s = new FxTaskState<>(loop);
        if (!task.isDone()) s.state.set(State.RUNNING);
        s.bind(task);
        return s;
    }

    private void bind(Task<T> t) {
        this.task = t;
        t.addDoneCallback(f -> {
            flush();
            if (f.isCancelled()) {
                state.set(State.CANCELLED);
            } else if (f.exception() != null) { // shown on exceptionProperty: that counts as retrieved
                exception.set(f.exception());
                state.set(State.FAILED);
            } else {
                value.set(f.result());
                if (progress.get() < 0) progress.set(1);
                state.set(State.SUCCEEDED);
            }
            running.set(false);
        });
    }

    /**
     * Returns the task.
     *
     * @return the task
     */
    public Task<T> task() {
        return task;
    }

    /**
     * Reports progress: {@code workDone} of {@code max}, shown as their ratio, clamped to [0, 1]. A negative
     * or NaN {@code workDone}, or a {@code max} that is not positive, shows indeterminate progress (-1).
     * Any thread; coalesced. Ignored once the task is done.
     *
     * @param workDone the work done so far
     * @param max      the total work
     */
    public void updateProgress(double workDone, double max) {
        double p = Double.isNaN(workDone) || workDone < 0 || !(max > 0) ? -1 : Math.min(1, workDone / max);
        pendingProgress.set(p);
        scheduleFlush();
    }

    /**
     * Reports a message. Any thread; coalesced. Ignored once the task is done.
     *
     * @param text the message (null shows as the empty string)
     */
    public void updateMessage(String text) {
        pendingMessage.set(text == null ? "" : text);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled.compareAndSet(false, true)) return;
        try {
            if (Platform.isFxApplicationThread()) loop.callSoon(this::flush);
            else loop.callSoonThreadsafe(this::flush);
        } catch (IllegalStateException loopGone) {
            flushScheduled.set(false);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        if (!running.get()) return; // updates that arrive after the end do not change the final picture
        Double p = pendingProgress.getAndSet(null);
        if (p != null) progress.set(p);
        String m = pendingMessage.getAndSet(NO_MESSAGE);
        if (m != NO_MESSAGE) message.set(m);
    }

    private static void requireFxThread(String method) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("FxTaskState." + method + "() must be called on the JavaFX Application "
                    + "Thread, not from thread '" + Thread.currentThread().getName() + "'.");
        }
    }

    /**
     * Returns the state property.
     *
     * @return the state property
     */
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /**
     * Returns the state.
     *
     * @return the state
     */
    public State getState() {
        return state.get();
    }

    /**
     * Returns the property that is true until the task is done.
     *
     * @return the property that is true until the task is done
     */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /**
     * Returns true until the task is done.
     *
     * @return true until the task is done
     */
    public boolean isRunning() {
        return running.get();
    }

    /**
     * Returns the progress property: -1 while indeterminate, else 0 to 1; 1 once succeeded.
     *
     * @return the progress property: -1 while indeterminate, else 0 to 1; 1 once succeeded
     */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /**
     * Returns the progress: -1 while indeterminate, else 0 to 1.
     *
     * @return the progress: -1 while indeterminate, else 0 to 1
     */
    public double getProgress() {
        return progress.get();
    }

    /**
     * Returns the message property.
     *
     * @return the message property
     */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * Returns the message.
     *
     * @return the message
     */
    public String getMessage() {
        return message.get();
    }

    /**
     * Returns the property holding the task's value once it succeeded.
     *
     * @return the property holding the task's value once it succeeded
     */
    public ReadOnlyObjectProperty<T> valueProperty() {
        return value.getReadOnlyProperty();
    }

    /**
     * Returns the task's value once it succeeded, else null.
     *
     * @return the task's value once it succeeded, else null
     */
    public T getValue() {
        return value.get();
    }

    /**
     * Returns the property holding the task's failure once it failed.
     *
     * @return the property holding the task's failure once it failed
     */
    public ReadOnlyObjectProperty<Throwable> exceptionProperty() {
        return exception.getReadOnlyProperty();
    }

    /**
     * Returns the task's failure once it failed, else null.
     *
     * @return the task's failure once it failed, else null
     */
    public Throwable getException() {
        return exception.get();
    }
}
