package io.loopfx.core;

import io.loopfx.core.internal.Continuations;
import io.loopfx.core.internal.RunState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coroutine running on an {@link EventLoop} (asyncio.Task): a {@link LoopFuture} for its result. Each
 * {@link Async#await} suspends the coroutine without blocking the thread, and the loop resumes it, on the
 * loop thread, when the awaited future is done.
 *
 * <p>{@link #cancel()} makes the pending {@code await} throw a {@link CancellationException}; the body's
 * {@code finally} blocks run on the loop thread. A body that catches it may go on; the task is then not
 * cancelled. Cancelling a task also cancels the future it awaits (except through {@link Async#shield}).
 *
 * @param <T> the result type
 */
public class Task<T> extends LoopFuture<T> {
    private static final AtomicLong COUNTER = new AtomicLong();

    private final String givenName;   // null: derived from sequence on demand (no string per task)
    private final long sequence;
    private Coroutine<T> body;
    private final StepHandle stepHandle; // its ready-queue entry, reused for every step, and its continuation's body
    private Object continuation;       // created at the first step, dropped when the body ends
    private LoopFuture<?> waitingOn;   // what the suspended body awaits
    private boolean mounted;           // true while its continuation runs
    private boolean cancelInProgress;  // loop thread: cancel() of this task is on the stack
    // The cancellation request, which other threads may make: NONE, REQUESTED (throw CancellationException at
    // the next resumption, or cancel the awaited future), or FINISHING (the body has ended: too late to ask).
    // One word, changed by compare-and-set, so a request and the body's end cannot both win.
    private static final int NONE = 0, REQUESTED = 1, FINISHING = 2;
    private static final VarHandle CANCEL_STATE, CANCEL_REQUESTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CANCEL_STATE = l.findVarHandle(Task.class, "cancelState", int.class);
            CANCEL_REQUESTS = l.findVarHandle(Task.class, "cancelRequests", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int cancelState;
    private volatile String cancelMessage;
    private volatile int cancelRequests;
    Task<?> previousLive, nextLive;    // the loop's list of pending tasks, in creation order
    // Debug mode only, for the task dump. One field, so that tasks in normal mode pay 4 bytes for it, not 12;
    // and no clock read (it costs task creation a third of its time).
    Origin origin;

    /** When (the loop's clock) and where a task was created. */
    record Origin(long createdAt, StackTraceElement[] site) {
    }

    Task(CoreLoop loop, String name, Coroutine<T> body) {
        super(loop);
        this.givenName = name;
        this.sequence = name != null ? 0 : COUNTER.incrementAndGet();
        this.body = body;
        this.stepHandle = new StepHandle(this);
    }

    /** The dump's view of the task's state. Loop thread (or a best-effort read from another). */
    TaskDump.State dumpState() {
        if (mounted) return TaskDump.State.RUNNING;
        if (continuation == null) return TaskDump.State.NOT_STARTED;
        LoopFuture<?> w = waitingOn;
        return w != null && !w.isDone() ? TaskDump.State.SUSPENDED : TaskDump.State.READY;
    }

    /** Where the suspended body waits, innermost first; null if it is not suspended. Loop thread only. */
    StackTraceElement[] suspendedStack() {
        Object c = continuation;
        return c == null || mounted ? null : Continuations.stackTrace(c);
    }

    /**
     * Returns the task's name, as given to {@link EventLoop#createTask(String, Coroutine)} or generated.
     *
     * @return its name
     */
    public String name() {
        return givenName != null ? givenName : "Task-" + sequence;
    }

    /**
     * Returns the future the task is suspended on, or null when it is not waiting for one.
     *
     * @return the awaited future, or null
     */
    public LoopFuture<?> waitingOn() {
        return waitingOn;
    }

    /**
     * Requests cancellation: the future the task awaits is cancelled, or the task's next resumption throws a
     * {@link CancellationException}. A task not started yet never runs its body.
     *
     * @param message carried by the CancellationException, or null
     * @return false if the task is already done
     */
    @Override
    public boolean cancel(String message) {
        if (!loop.host.isLoopThread()) return cancelFromOtherThread(message);
        if (isDone()) return false;
        // An await cycle (A gathers B, B awaits A) leads a cancellation back here: the task that awaits this one
        // interrupts its own await instead (below), so the cycle unwinds rather than recursing forever.
        if (cancelInProgress) return false;
        String why = message != null ? message : "Task '" + name() + "' was cancelled";
        CANCEL_REQUESTS.getAndAdd(this, 1);
        cancelInProgress = true;
        try {
            LoopFuture<?> w = waitingOn;
            if (w != null && w.cancel(why)) return true;
            if (w instanceof Task<?> awaited && awaited.cancelInProgress && !mounted && request(why)) {
                w.removeWaiter(this);
                loop.schedule(stepHandle); // resumes in suspendOn, which throws the CancellationException
                return true;
            }
            return request(why);
        } finally {
            cancelInProgress = false;
        }
    }

    /**
     * From another thread: the request is recorded here (so it cannot be lost to the body ending at the same
     * moment: then this returns false), and the loop interrupts the task's await.
     */
    @Override
    boolean cancelFromOtherThread(String message) {
        if (isDone()) return false;
        if (!request(message != null ? message : "Task '" + name() + "' was cancelled")) return false;
        CANCEL_REQUESTS.getAndAdd(this, 1);
        return loop.post(this::deliverPendingCancel);
    }

    /** Records a cancellation request; false if the body has already ended. */
    private boolean request(String why) {
        cancelMessage = why;
        return CANCEL_STATE.compareAndSet(this, NONE, REQUESTED) || cancelState == REQUESTED;
    }

    private boolean cancelRequested() {
        return cancelState == REQUESTED;
    }

    /** Loop thread: a pending request cancels the future the task awaits, which resumes it with the cancellation. */
    private void deliverPendingCancel() {
        LoopFuture<?> w = waitingOn;
        if (cancelRequested() && w != null && w.cancel(cancelMessage)) CANCEL_STATE.compareAndSet(this, REQUESTED, NONE);
    }

    /**
     * Refused: a task's result is what its body returns. Setting it from outside would abandon the body, whose
     * {@code finally} blocks would never run (asyncio refuses it too).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setResult(T value) {
        throw notSettable("setResult");
    }

    /**
     * Refused: a task's failure is what its body throws. To stop a task, {@link #cancel()} it.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setException(Throwable error) {
        throw notSettable("setException");
    }

    private UnsupportedOperationException notSettable(String method) {
        return new UnsupportedOperationException(method + "() on task '" + name() + "': a task's outcome is what "
                + "its body returns or throws; setting it would abandon the body without running its finally "
                + "blocks. Call cancel() to stop the task, or complete a LoopFuture that the body awaits.");
    }

    /**
     * Returns how many cancellation requests are outstanding (asyncio's {@code Task.cancelling()}).
     *
     * @return the number of requests
     */
    public int cancelling() {
        return cancelRequests;
    }

    /**
     * Withdraws one cancellation request (asyncio's {@code Task.uncancel()}); used by scopes such as timeouts
     * that cancel a task themselves and then turn the cancellation into their own outcome.
     *
     * @return the number of requests left
     */
    public int uncancel() {
        if (cancelRequests > 0 && (int) CANCEL_REQUESTS.getAndAdd(this, -1) == 1) {
            CANCEL_STATE.compareAndSet(this, REQUESTED, NONE);
        }
        return cancelRequests;
    }

    /** Its entry in the ready queue, to schedule its next step (a waiter's wake-up). */
    StepHandle stepHandle() {
        return stepHandle;
    }

    void start() {
        loop.schedule(stepHandle);
    }

    /**
     * Runs the first step now, on the caller's stack, until the body's first suspension or its end
     * ({@link TaskStart#EAGER}). The loop is made current for that step: the caller may be a plain event
     * handler, or a callback of another loop that runs on this thread. Loop thread only.
     */
    void startEagerly() {
        RunState rs = RunState.current();
        EventLoop previousLoop = rs.loop;
        rs.loop = loop.facade;
        try {
            step();
        } finally {
            rs.loop = previousLoop;
        }
    }

    /** Runs the body until its next suspension or its end. Loop thread only. */
    void step() {
        if (isDone()) return;
        if (mounted) {
            throw new IllegalStateException("Task '" + name() + "' was resumed while it is already running");
        }
        if (continuation == null) {
            if (cancelRequested()) {
                cancelState = FINISHING;
                cancelInternal(new CancellationException(cancelMessageOr("cancelled before it started")));
                body = null;
                return;
            }
            continuation = Continuations.create(stepHandle);
        }
        RunState rs = loop.runState();
        Object previous = rs.task;
        rs.task = this;
        mounted = true;
        try {
            Continuations.run(continuation);
        } finally {
            mounted = false;
            rs.task = previous;
        }
        if (Continuations.isDone(continuation)) {
            continuation = null;
            body = null;
        }
    }

    /** The continuation's body (through {@link StepHandle#run()}): runs the coroutine and settles the outcome. */
    void runBody() {
        T value;
        try {
            value = body.run();
        } catch (CancellationException ce) {
            cancelState = FINISHING;
            cancelInternal(ce);
            return;
        } catch (Throwable t) {
            cancelState = FINISHING;
            setExceptionInternal(t);
            return;
        }
        if (CANCEL_STATE.compareAndSet(this, NONE, FINISHING)) {
            setResultInternal(value);
        } else {
            cancelState = FINISHING; // a request came in while the body returned: it wins, as in asyncio
            cancelInternal(new CancellationException(cancelMessageOr("cancelled as it returned")));
        }
    }

    /** Suspends the task's code until {@code f} is done. Called by {@code await} from this task's own code. */
    void suspendOn(LoopFuture<?> f) {
        checkSuspendable();
        checkNoCycle(f);
        waitingOn = f;
        f.addWaiter(this);
        // Cancelled while running (e.g. by its own code): interrupt this await as asyncio does, by cancelling f.
        // That is done by a callback that runs once this task has really suspended: if the yield below is pinned,
        // the callback is withdrawn and the cancellation stays pending, as if this await had never happened.
        CallbackHandle deliverCancel = cancelRequested() ? new CallbackHandle(this::deliverPendingCancel) : null;
        if (deliverCancel != null) loop.schedule(deliverCancel);
        try {
            Continuations.yieldNow();
        } catch (IllegalStateException pinned) {
            if (deliverCancel != null) deliverCancel.cancel();
            f.removeWaiter(this);
            throw pinnedError(pinned);
        } finally {
            waitingOn = null;
        }
        throwIfCancelRequested();
    }

    /** Refuses an await that could never end: of the task itself, or of a task that (through others) awaits it. */
    private void checkNoCycle(LoopFuture<?> f) {
        int hops = 0;
        for (LoopFuture<?> w = f; w instanceof Task<?> t; w = t.waitingOn) {
            if (t == this) {
                throw new IllegalStateException("Task '" + name() + "' would wait forever: it awaits "
                        + (hops == 0 ? "itself." : describeChain(f, this) + ", which awaits it.")
                        + " Await another future, or restructure the tasks so that none waits for its own result.");
            }
            if (++hops > 1000) return; // not worth walking on every await; such a chain is no cycle in practice
        }
    }

    /** Lets every other ready callback run once, then resumes (asyncio's {@code sleep(0)}). */
    void yieldStep() {
        checkSuspendable();
        loop.schedule(stepHandle);
        try {
            Continuations.yieldNow();
        } catch (IllegalStateException pinned) {
            stepHandle.withdraw();
            throw pinnedError(pinned);
        }
        throwIfCancelRequested();
    }

    private void throwIfCancelRequested() {
        if (cancelRequested()) {
            CANCEL_STATE.compareAndSet(this, REQUESTED, NONE);
            throw new CancellationException(cancelMessageOr("Task '" + name() + "' was cancelled"));
        }
    }

    private String cancelMessageOr(String fallback) {
        return cancelMessage != null ? cancelMessage : fallback;
    }

    /**
     * Refuses to suspend code that a nested event loop called while this task was blocked in it (e.g. an FX
     * event handler run by the nested loop of a {@code showAndWait} the task called): suspending would
     * freeze the nested loop's frames inside this task.
     */
    private void checkSuspendable() {
        if (loop.nestingGuard != null && loop.nestingGuard.calledByNestedLoop()) {
            throw new IllegalStateException("await was called by code that a nested event loop runs (an event "
                    + "handler or callback inside a modal dialog or runUntilComplete) while task '" + name()
                    + "' waits for that nested loop to return. That code is not the task's and cannot be "
                    + "suspended. Start a task for it instead (EventLoop.createTask, or FxAsync.handler for "
                    + "event handlers).");
        }
    }

    private IllegalStateException pinnedError(IllegalStateException pinned) {
        return new IllegalStateException("await in task '" + name() + "' cannot suspend the task (" + pinned.getMessage()
                + "): its stack holds a native frame (code called back from native code, e.g. inside a GUI's "
                + "nested event loop), a static initializer, or, on JDK 21-23, a synchronized block. Move the "
                + "await out of that code, or start a new task from it. The task is still usable.", pinned);
    }

    @Override
    void onDone() {
        loop.taskDone(this);
    }

    @Override
    String describeForDump() {
        return "Task '" + name() + "'";
    }

    @Override
    String describeForLeak() {
        return "Task '" + name() + "'";
    }

    /** How many awaited tasks {@link #toString()} names before it cuts the chain short. */
    private static final int MAX_DESCRIBED_HOPS = 8;

    /**
     * Describes what {@code first} awaits, hop by hop, without recursing: task A awaits task B awaits a
     * future. It stops before {@code stopAt}, and names a cycle as one instead of following it.
     */
    private static String describeChain(LoopFuture<?> first, Task<?> stopAt) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<LoopFuture<?>> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        LoopFuture<?> w = first;
        for (int hops = 0; w != null && w != stopAt; hops++) {
            if (hops > 0) sb.append(" -> ");
            if (!seen.add(w)) return sb.append("(cycle back to ").append(((Task<?>) w).name()).append(')').toString();
            if (hops == MAX_DESCRIBED_HOPS) return sb.append("...").toString();
            if (!(w instanceof Task<?> t)) return sb.append(w).toString();
            sb.append("Task '").append(t.name()).append("'");
            w = t.waitingOn;
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Task[").append(name()).append(", ").append(stateString());
        LoopFuture<?> w = waitingOn;
        if (w != null) sb.append(", waiting on ").append(w == this ? "itself" : describeChain(w, this));
        return sb.append(']').toString();
    }
}
