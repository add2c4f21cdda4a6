package io.loopfx.fx;

import io.loopfx.core.Coroutine;
import io.loopfx.core.LoopFuture;
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
import javafx.beans.value.WritableValue;
import javafx.concurrent.Worker;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task of the FX loop as a {@link Worker}: its state, progress, title, message, value and exception as JavaFX
 * properties, so that a UI, or any JavaFX code or control library that takes a {@code Worker} (a
 * {@code ProgressIndicator} binding, a status bar, {@code Service}-shaped code), can show and cancel it.
 *
 * <p>It behaves as {@link javafx.concurrent.Task} does, transition for transition: {@link Worker.State#READY}
 * when made by {@link #create} ({@link #start(String, ReportingCoroutine)} skips it), {@link Worker.State#SCHEDULED}
 * once {@link #start()} created the loop task, {@link Worker.State#RUNNING} when its body begins (a slice later),
 * then {@link Worker.State#SUCCEEDED} (the {@code value} is set first), {@link Worker.State#FAILED} (the
 * {@code exception} is set first) or {@link Worker.State#CANCELLED}. {@code running} is true in SCHEDULED and
 * RUNNING. {@link #cancel()} from READY, SCHEDULED or RUNNING shows CANCELLED at once and for good; it cancels
 * the loop task, whose {@code finally} blocks run after that, on the FX thread (await {@link #task()} to know
 * when they have). Cancelling a done worker returns false. Progress is -1 (indeterminate) until reported.
 *
 * <p>Threads: as for {@code javafx.concurrent.Task}, the properties and every method but the {@code update}
 * methods and {@link #task()} belong to the FX thread (they throw elsewhere; before the toolkit has started or
 * after it has exited, with a message that says so). The {@code update} methods may be
 * called from any thread: on the FX thread, that is from the task's own code, which runs there after every
 * await, they change the properties at once; from other threads the updates are coalesced, and each property
 * changes once per loop slice, to the latest value. Updates that arrive once the worker is done (or cancelled)
 * are ignored.
 *
 * <p>A listener of these properties that throws is reported once to the FX thread's uncaught-exception handler,
 * where JavaFX sends a listener's exception, an {@code Error} included; the task and the worker's other properties
 * go on as if it had not thrown.
 *
 * <pre>{@code
 * FxTaskState<Path> download = FxTaskState.start("download", state -> {
 *     state.updateTitle("Downloading " + name);
 *     for (int i = 0; i < parts; i++) {
 *         Async.await(fetchPart(i));
 *         state.updateProgress(i + 1, parts);
 *         state.updateMessage("part " + (i + 1) + " of " + parts);
 *     }
 *     return file;
 * });
 * progressIndicator.progressProperty().bind(download.progressProperty());
 * cancelButton.disableProperty().bind(download.runningProperty().not());
 * cancelButton.setOnAction(e -> download.cancel());
 * }</pre>
 *
 * @param <T> the task's result type
 */
public final class FxTaskState<T> implements Worker<T> {

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
         * @param state where to report progress, title and messages
         * @return the result
         * @throws Exception the task's failure
         */
        T run(FxTaskState<T> state) throws Exception;
    }

    private static final String NO_TEXT = new String("no pending text");

    private FxEventLoop loop;
    private final String name;
    private ReportingCoroutine<T> body; // until start()
    private Task<T> task;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.READY);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyDoubleWrapper workDone = new ReadOnlyDoubleWrapper(this, "workDone", -1);
    private final ReadOnlyDoubleWrapper totalWork = new ReadOnlyDoubleWrapper(this, "totalWork", -1);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<T> value = new ReadOnlyObjectWrapper<>(this, "value");
    private final ReadOnlyObjectWrapper<Throwable> exception = new ReadOnlyObjectWrapper<>(this, "exception");

    // Updates from other threads wait here for the FX thread; one flush per slice applies the latest of each.
    private final AtomicReference<double[]> pendingProgress = new AtomicReference<>();
    private final AtomicReference<String> pendingMessage = new AtomicReference<>(NO_TEXT);
    private final AtomicReference<String> pendingTitle = new AtomicReference<>(NO_TEXT);
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private FxTaskState(FxEventLoop loop, String name, ReportingCoroutine<T> body) {
        this.loop = loop;
        this.name = name;
        this.body = body;
    }

    /**
     * Returns a worker for {@code body}, not started: {@link Worker.State#READY} until {@link #start()}, so that a
     * UI can be bound to it (or it can be handed to code that takes a {@code Worker}) first. FX thread.
     *
     * @param name the task's name, or null
     * @param body the task's code; it receives the worker to report progress to
     * @param <T>  the result type
     * @return the worker, READY
     * @throws NullPointerException  if body is null
     * @throws IllegalStateException if not called on the FX thread
     */
    public static <T> FxTaskState<T> create(String name, ReportingCoroutine<T> body) {
        Objects.requireNonNull(body, "body");
        requireFxThread("create");
        return new FxTaskState<>(FxEventLoop.get(), name, body);
    }

    /**
     * Starts {@code body} as a task of the FX loop and returns its worker, {@link Worker.State#SCHEDULED}: the
     * same as {@code create(name, body)} followed by {@link #start()}. FX thread.
     *
     * @param name the task's name, or null
     * @param body the task's code; it receives the worker to report progress to
     * @param <T>  the result type
     * @return the worker of the new task
     * @throws NullPointerException  if body is null
     * @throws IllegalStateException if not called on the FX thread
     */
    public static <T> FxTaskState<T> start(String name, ReportingCoroutine<T> body) {
        Objects.requireNonNull(body, "body");
        requireFxThread("start"); // named as called, not as create()
        FxTaskState<T> s = create(name, body);
        s.start();
        return s;
    }

    /**
     * Starts the task of a {@link Worker.State#READY} worker: it creates the loop task (the body begins in a later
     * slice, as any task's) and the worker becomes {@link Worker.State#SCHEDULED}. A worker runs once. FX thread.
     *
     * @throws IllegalStateException if the worker is not READY (it was started or cancelled already), or if not
     *                               called on the FX thread
     */
    public void start() {
        requireFxThread("start");
        if (body == null) {
            throw new IllegalStateException(this + " cannot start: a worker starts once, "
                    + "from READY. Create a new one with FxTaskState.create or FxTaskState.start to run the body again.");
        }
        ReportingCoroutine<T> b = body;
        Coroutine<T> wrapped = () -> {
            setState(State.RUNNING);
            return b.run(this);
        };
        loop = FxEventLoop.get(); // the loop of now: a shutdown since create() may have replaced it
        bind(loop.createTask(name, wrapped));
        body = null;
        setState(State.SCHEDULED);
    }

    /**
     * Returns the worker of a task that already exists. It cannot see when the task's code starts, so it shows
     * {@link Worker.State#RUNNING} for a pending task (a done one shows its outcome at once); progress, title and
     * message change only through the {@code update} methods. FX thread.
     *
     * @param task a task of the FX loop
     * @param <T>  its result type
     * @return its worker
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
        FxTaskState<T> s = new FxTaskState<>(loop, task.name(), null);
        if (task.isDone()) {
            s.task = task;
            s.finish(task);
        } else {
            s.bind(task);
            s.setState(State.RUNNING);
        }
        return s;
    }

    private void bind(Task<T> t) {
        this.task = t;
        t.addDoneCallback(this::finish);
    }

    /** The task is done: show its outcome, value or exception first, unless cancel() has shown CANCELLED already. */
    private void finish(LoopFuture<T> f) {
        if (state.get() == State.CANCELLED) return;
        flush();
        if (f.isCancelled()) {
            setState(State.CANCELLED);
        } else if (f.exception() != null) { // shown on exceptionProperty: that counts as retrieved
            set(exception, f.exception());
            setState(State.FAILED);
        } else {
            set(value, f.result());
            setState(State.SUCCEEDED);
        }
    }

    /** As javafx.concurrent.Task: CANCELLED is final; running follows the state. */
    private void setState(State s) {
        if (state.get() == State.CANCELLED) return;
        set(state, s);
        set(running, s == State.SCHEDULED || s == State.RUNNING);
    }

    private boolean isFinal() {
        State s = state.get();
        return s == State.SUCCEEDED || s == State.FAILED || s == State.CANCELLED;
    }

    /**
     * Returns the loop task, to await its end (after a {@link #cancel()}, when its {@code finally} blocks have
     * run) or to combine it with other futures. Any thread.
     *
     * @return the task, or null while the worker is READY (or was cancelled before it started)
     */
    public Task<T> task() {
        return task;
    }

    /**
     * Cancels the worker: from READY the body never runs; from SCHEDULED or RUNNING the loop task is cancelled
     * (its {@code finally} blocks run afterwards, on the FX thread). The state is {@link Worker.State#CANCELLED}
     * when this returns true, and stays so whatever the task does next. FX thread.
     *
     * @return true if it was cancelled; false if it was done already (or its task had just returned)
     * @throws IllegalStateException if not called on the FX thread
     */
    @Override
    public boolean cancel() {
        requireFxThread("cancel");
        if (isFinal()) return false;
        if (task == null) {
            body = null;
        } else if (!task.cancel()) {
            return false;
        }
        setState(State.CANCELLED);
        return true;
    }

    /**
     * Reports progress as {@link javafx.concurrent.Task#updateProgress(double, double)} does: {@code max} becomes
     * {@code totalWork}, {@code workDone} (clamped to {@code max}) becomes {@code workDone}, and {@code progress}
     * their ratio. A negative, infinite or NaN value makes both -1 and progress indeterminate (-1); so does 0 of
     * 0 (where {@code javafx.concurrent.Task} shows NaN). Any thread: at once on the FX thread, coalesced from
     * others. Ignored once the worker is done.
     *
     * @param workDone the work done so far
     * @param max      the total work
     */
    public void updateProgress(double workDone, double max) {
        if (Double.isInfinite(workDone) || Double.isNaN(workDone) || workDone < 0) workDone = -1;
        if (Double.isInfinite(max) || Double.isNaN(max) || max < 0) max = -1;
        if (workDone > max) workDone = max;
        if (Platform.isFxApplicationThread()) {
            pendingProgress.set(null); // older than this one
            applyProgress(workDone, max);
        } else {
            pendingProgress.set(new double[]{workDone, max});
            scheduleFlush();
        }
    }

    private void applyProgress(double done, double max) {
        if (isFinal()) return;
        set(totalWork, max);
        set(workDone, done);
        set(progress, done == -1 || max == 0 ? -1 : done / max);
    }

    /**
     * Reports a message. Any thread: at once on the FX thread, coalesced from others. Ignored once the worker
     * is done.
     *
     * @param text the message (null shows as the empty string)
     */
    public void updateMessage(String text) {
        updateText(message, pendingMessage, text);
    }

    /**
     * Reports a title (what the task does, for a status bar or a progress dialog). Any thread: at once on the
     * FX thread, coalesced from others. Ignored once the worker is done.
     *
     * @param text the title (null shows as the empty string)
     */
    public void updateTitle(String text) {
        updateText(title, pendingTitle, text);
    }

    private void updateText(ReadOnlyStringWrapper property, AtomicReference<String> pending, String text) {
        String t = text == null ? "" : text;
        if (Platform.isFxApplicationThread()) {
            pending.set(NO_TEXT); // older than this one
            if (!isFinal()) set(property, t);
        } else {
            pending.set(t);
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled.compareAndSet(false, true)) return;
        try {
            loop.callSoonThreadsafe(this::flush);
        } catch (IllegalStateException loopGone) {
            flushScheduled.set(false);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        double[] p = pendingProgress.getAndSet(null);
        if (p != null) applyProgress(p[0], p[1]);
        String m = pendingMessage.getAndSet(NO_TEXT);
        if (m != NO_TEXT && !isFinal()) set(message, m);
        String t = pendingTitle.getAndSet(NO_TEXT);
        if (t != NO_TEXT && !isFinal()) set(title, t);
    }

    /**
     * Sets a property for its listeners. JavaFX hands a listener's {@code Exception} to the thread's uncaught-exception
     * handler and goes on, but lets an {@code Error} through; that goes to the same handler here, so that a failing
     * listener (the UI's bug) can neither fail the task's code that reported progress nor leave the worker half
     * updated (a final state with {@code running} still true).
     */
    private static <V> void set(WritableValue<V> property, V newValue) {
        try {
            property.setValue(newValue);
        } catch (Error listenerError) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, listenerError);
        }
    }

    private static void requireFxThread(String method) {
        if (!Platform.isFxApplicationThread()) {
            FxLifecycle.checkRunning(); // the toolkit not started or exited: Platform.runLater would not help
            throw new IllegalStateException("FxTaskState." + method + "() must be called on the JavaFX Application "
                    + "Thread, not from thread '" + Thread.currentThread().getName() + "' (as for javafx.concurrent.Task"
                    + "); use Platform.runLater, or task() from other threads.");
        }
    }

    @Override
    public State getState() {
        requireFxThread("getState");
        return state.get();
    }

    @Override
    public ReadOnlyObjectProperty<State> stateProperty() {
        requireFxThread("stateProperty");
        return state.getReadOnlyProperty();
    }

    @Override
    public T getValue() {
        requireFxThread("getValue");
        return value.get();
    }

    @Override
    public ReadOnlyObjectProperty<T> valueProperty() {
        requireFxThread("valueProperty");
        return value.getReadOnlyProperty();
    }

    @Override
    public Throwable getException() {
        requireFxThread("getException");
        return exception.get();
    }

    @Override
    public ReadOnlyObjectProperty<Throwable> exceptionProperty() {
        requireFxThread("exceptionProperty");
        return exception.getReadOnlyProperty();
    }

    @Override
    public double getWorkDone() {
        requireFxThread("getWorkDone");
        return workDone.get();
    }

    @Override
    public ReadOnlyDoubleProperty workDoneProperty() {
        requireFxThread("workDoneProperty");
        return workDone.getReadOnlyProperty();
    }

    @Override
    public double getTotalWork() {
        requireFxThread("getTotalWork");
        return totalWork.get();
    }

    @Override
    public ReadOnlyDoubleProperty totalWorkProperty() {
        requireFxThread("totalWorkProperty");
        return totalWork.getReadOnlyProperty();
    }

    @Override
    public double getProgress() {
        requireFxThread("getProgress");
        return progress.get();
    }

    @Override
    public ReadOnlyDoubleProperty progressProperty() {
        requireFxThread("progressProperty");
        return progress.getReadOnlyProperty();
    }

    @Override
    public boolean isRunning() {
        requireFxThread("isRunning");
        return running.get();
    }

    @Override
    public ReadOnlyBooleanProperty runningProperty() {
        requireFxThread("runningProperty");
        return running.getReadOnlyProperty();
    }

    @Override
    public String getMessage() {
        requireFxThread("getMessage");
        return message.get();
    }

    @Override
    public ReadOnlyStringProperty messageProperty() {
        requireFxThread("messageProperty");
        return message.getReadOnlyProperty();
    }

    @Override
    public String getTitle() {
        requireFxThread("getTitle");
        return title.get();
    }

    @Override
    public ReadOnlyStringProperty titleProperty() {
        requireFxThread("titleProperty");
        return title.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "FxTaskState[" + (task != null ? task.name() : name) + ", " + state.get() + "]";
    }
}
