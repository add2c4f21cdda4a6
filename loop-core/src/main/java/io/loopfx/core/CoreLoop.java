package io.loopfx.core;

import io.loopfx.core.internal.Continuations;
import io.loopfx.core.internal.LoopEvents;
import io.loopfx.core.internal.RunState;
import io.loopfx.core.process.ProcessPoolExecutor;
import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopClock;
import io.loopfx.core.spi.LoopDriver;
import io.loopfx.core.spi.NestingGuard;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The event loop: one scheduler (ready queue, timer heap, one iteration at a time) on top of a {@link Host}
 * that supplies the thread and the wake-ups. It is the only implementation of {@link EventLoop}: this is the
 * only place that decides what runs next, and what each method means; hosts only decide when, and on which
 * thread. {@link EventLoop#create()} makes one on a thread host; a bridge (the JavaFX loop) reaches it through
 * {@link HostedEventLoop}, which forwards to it and lends it its identity ({@code facade}).
 */
final class CoreLoop implements EventLoop {
    private static final System.Logger LOG = System.getLogger("io.loopfx.core");
    /** Cancelled timers may make up at most half the heap before it is rebuilt (asyncio's rule). */
    private static final int MIN_CANCELLED_TIMERS_TO_COMPACT = 100;
    private static final AtomicInteger EXECUTOR_THREADS = new AtomicInteger();

    final Host host;
    private final LoopClock clock;
    final NestingGuard nestingGuard; // null: nested runs are refused
    /** The loop as its users see it: this, or the HostedEventLoop that forwards to this (futures' loop(), current()). */
    final EventLoop facade;
    private final ArrayDeque<CallbackHandle> ready = new ArrayDeque<>();
    private final ArrayDeque<CallbackHandle> dueTimers = new ArrayDeque<>(); // timers taken from the heap, to run
    private final ConcurrentLinkedQueue<CallbackHandle> incoming = new ConcurrentLinkedQueue<>();
    // Set by a producer after its offer to incoming (only if it was clear), cleared by the loop thread before it
    // drains: the loop's hot paths read one field instead of walking the queue's head.
    private volatile boolean incomingPending;
    private final PriorityQueue<TimerEntry> timers = new PriorityQueue<>();
    private int cancelledTimers;
    private long timerSequence;
    private long reportedDeadline = Long.MAX_VALUE;

    private volatile boolean closed;
    private volatile int runDepth;
    private volatile Thread runningThread;
    private volatile boolean runByHost; // the host runs the loop by itself, whenever its thread is free (the FX loop)
    private volatile Thread hostThread; // that thread, once the loop has run on it
    private long iterations; // counts runOnce calls: an iteration that sees it change was nested into
    private int lastIterationRan; // loop thread: callbacks the last iteration ran (its Flight Recorder event)
    private final ArrayDeque<RunForeverCall> runForeverCalls = new ArrayDeque<>(); // guarded by itself
    private boolean pendingStop; // guarded by runForeverCalls: stop() with no runForever open, for the next one
    private final Set<CompletableFuture<?>> offThreadWaits = ConcurrentHashMap.newKeySet();
    private Runnable offThreadWaitHook; // tests: runs between an off-thread caller's registration and its check

    /** Where the loop is in its life: one field, so no combination of flags can contradict another. */
    private enum Phase {
        /** Open and not shutting down. */
        RUNNING,
        /** shutdown() has begun: cancelled tasks are finishing. */
        SHUTTING_DOWN,
        /** The tasks have ended (or the grace has passed): the callbacks they left run, then the loop closes. */
        FINISHING,
        /** Shut down: closed, or closed as soon as no run of it is open on the stack. */
        SHUT_DOWN
    }

    private volatile Phase phase = Phase.RUNNING;
    private volatile Duration shutdownGrace = Duration.ofSeconds(5);
    private Task<?> shutdownCaller; // loop thread: the task of this loop that called shutdown(), if one did
    private volatile boolean debug;
    private long slowCallbackNanos = TimeUnit.MILLISECONDS.toNanos(100);
    private volatile ExceptionHandler exceptionHandler;

    // Pending tasks, in creation order: the loop's strong references to them (an intrusive list: O(1), no entries).
    private Task<?> firstLive, lastLive;
    private int liveCount;
    private final Set<CompletionLink<?>> openLinks = new HashSet<>(); // loop thread: links whose future is pending
    /** Failures of this loop's futures that nobody has looked at yet (LoopFuture's retrieval flags). Any thread. */
    final Set<Object> unretrieved = ConcurrentHashMap.newKeySet();
    private final ArrayList<OpenFrame> openFrames = new ArrayList<>(); // loop thread: open runs, outermost first
    volatile javax.management.ObjectName mbeanName; // set while registered with the platform MBean server (LoopManagement)
    private Executor defaultExecutor;
    private ExecutorService ownExecutor;
    private Duration executorShutdownTimeout = Duration.ofSeconds(10);

    /** A loop on {@code host}, with the system clock, refusing nested runs. */
    CoreLoop(Host host) {
        this(host, LoopClock.system(), null, null);
    }

    /**
     * A loop on {@code host}.
     *
     * @param host         the host
     * @param clock        the loop's clock
     * @param nestingGuard for a host whose thread runs nested event loops (a GUI toolkit), its guard; null to
     *                     refuse nested runs
     * @param facade       the loop users see, if not this one
     */
    CoreLoop(Host host, LoopClock clock, NestingGuard nestingGuard, EventLoop facade) {
        Continuations.checkAvailable(); // fail at the start, not at the first task: the JVM option is missing
        this.host = Objects.requireNonNull(host, "host");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nestingGuard = nestingGuard;
        this.facade = facade != null ? facade : this;
        host.attach(new Driver());
        // the facade's own field does not point here yet (this runs inside its constructor): name the core
        if (Boolean.getBoolean(LoopManagement.PROPERTY)) LoopManagement.register(this.facade, this);
    }

    // ------------------------------------------------------------------ scheduling

    @Override
    public long time() {
        return clock.nanoTime();
    }

    @Override
    public Handle callSoon(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkOpen();
        requireLoopContext("callSoon");
        CallbackHandle h = new CallbackHandle(callback);
        appendReady(h);
        // Always, also inside an iteration: that iteration may be blocked in a nested event loop (a modal dialog, on
        // any GUI host) while a plain event handler adds work, and a host that is not polling must learn of it.
        host.requestRun();
        return h;
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkOpen();
        CallbackHandle h = new CallbackHandle(callback);
        enqueueThreadsafe(h);
        return h;
    }

    /**
     * Accepts {@code h} from any thread. Off the loop thread it goes to the incoming queue; if {@link #close()}
     * ran meanwhile, the handle is taken back and refused, or, if close() took it already, close() reported it:
     * either way nothing accepted is dropped silently.
     */
    private void enqueueThreadsafe(CallbackHandle h) {
        if (host.isLoopThread()) {
            appendReady(h);
        } else {
            incoming.offer(h);
            // After the offer: a loop that reads the flag true (or set later) finds h. A producer that sees it set
            // already writes nothing, so many producers in a row do not fight over the cache line.
            if (!incomingPending) incomingPending = true;
            if (closed && incoming.remove(h)) checkOpen();
        }
        host.requestRun();
    }

    /**
     * Appends to the ready queue (loop thread, or nobody runs the loop). Callbacks sent from other threads are
     * taken in first, so one that happened-before this call also runs before it: one FIFO, as in asyncio.
     */
    private void appendReady(CallbackHandle h) {
        if (incomingPending) drainIncoming();
        ready.addLast(h);
    }

    /** Moves what other threads sent to the ready queue. Clears the flag first, so a later offer sets it again. */
    private void drainIncoming() {
        incomingPending = false;
        for (CallbackHandle h; (h = incoming.poll()) != null; ) ready.addLast(h);
    }

    @Override
    public TimerHandle callLater(Duration delay, Runnable callback) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(callback, "callback");
        checkOpen();
        requireLoopContext("callLater"); // here too, so that the message names the method the caller used
        return callAt(saturatedAdd(time(), saturatedNanos(delay)), callback);
    }

    @Override
    public TimerHandle callAt(long deadlineNanos, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        checkOpen();
        requireLoopContext("callAt");
        compactTimersIfNeeded();
        TimerEntry t = new TimerEntry(this, deadlineNanos, timerSequence++, callback);
        timers.add(t);
        if (deadlineNanos < reportedDeadline) {
            reportedDeadline = deadlineNanos;
            host.wakeAt(deadlineNanos);
        }
        return t;
    }

    /** Schedules an internal handle (a task step or a done callback). Loop thread, or not running. */
    void schedule(CallbackHandle h) {
        checkOpen();
        appendReady(h);
        host.requestRun();
    }

    /**
     * A timer of the heap was cancelled. The count of cancelled timers in the heap is the loop's own: a
     * cancellation from another thread is counted on the loop thread, once, and only if the timer is still
     * in the heap then.
     */
    void timerCancelled(TimerEntry t) {
        if (host.isLoopThread()) countCancelledTimer(t);
        else post(() -> countCancelledTimer(t)); // if the loop is closed, the heap was cleared
    }

    /**
     * Hands the loop's own work to the loop thread, from any thread (a cross-thread cancellation, say).
     *
     * @return false if the loop is closed and will never run it
     */
    boolean post(Runnable r) {
        if (closed) return false;
        try {
            enqueueThreadsafe(new InternalHandle(r));
            return true;
        } catch (IllegalStateException closedMeanwhile) {
            return false;
        }
    }

    /** The loop's own hand-over: dropped quietly at close, where what it would have done is settled anyway. */
    private static final class InternalHandle extends CallbackHandle {
        InternalHandle(Runnable r) {
            super(r);
        }

        @Override
        boolean dropOnClose() {
            cancelled = true;
            return false;
        }
    }

    void linkOpened(CompletionLink<?> link) {
        openLinks.add(link);
    }

    void linkClosed(CompletionLink<?> link) {
        openLinks.remove(link);
    }

    private void countCancelledTimer(TimerEntry t) {
        if (!t.inHeap || t.counted) return;
        t.counted = true;
        cancelledTimers++;
        compactTimersIfNeeded();
    }

    private void compactTimersIfNeeded() {
        if (cancelledTimers > MIN_CANCELLED_TIMERS_TO_COMPACT && cancelledTimers * 2 > timers.size()) {
            timers.removeIf(t -> {
                if (!t.cancelled) return false;
                t.inHeap = false;
                if (t.counted) cancelledTimers--;
                return true;
            });
        }
    }

    @Override
    public LoopStats stats() {
        return new LoopStats(ready.size() + dueTimers.size() + incoming.size(), timers.size(), cancelledTimers, liveCount, iterations);
    }

    /** The number of timers in the heap, cancelled ones not removed yet included (tests). */
    int timerHeapSize() {
        return timers.size();
    }

    // ------------------------------------------------------------------ one iteration

    private final class Driver implements LoopDriver {
        @Override
        public long runOnce(long budgetNanos) {
            return CoreLoop.this.runOnce(budgetNanos);
        }

        @Override
        public LoopClock clock() {
            return clock;
        }

        @Override
        public void runByHost() {
            CoreLoop.this.runByHost();
        }

        @Override
        public boolean isFinished() {
            return phase == Phase.SHUT_DOWN;
        }
    }

    private long runOnce(long budgetNanos) {
        // One flag read per iteration; while no recording runs, nothing else is done for it, and the iteration
        // itself stays small enough for the JIT to inline into the host's loop.
        return LoopEvents.on ? runOnceRecorded(budgetNanos) : runIteration(budgetNanos, false);
    }

    /** An iteration while a Flight Recorder recording runs: the same, timed as a {@code loopfx.Iteration} event. */
    private long runOnceRecorded(long budgetNanos) {
        LoopEvents.Iteration event = new LoopEvents.Iteration();
        event.begin();
        int queued = ready.size() + dueTimers.size() + incoming.size();
        try {
            return runIteration(budgetNanos, true);
        } finally {
            event.end(); // shouldCommit() compares the duration with the threshold
            if (event.shouldCommit()) {
                event.loop = eventName();
                event.queueLength = queued;
                event.callbacksRun = lastIterationRan;
                event.timers = timers.size();
                event.commit();
            }
        }
    }

    /**
     * The calling thread's {@link RunState}, without a thread-local lookup when the thread is the one that asked
     * last (the loop thread, on the hot paths of every iteration and every task step). Safe from any thread: the
     * state names its own thread, so a thread never uses another's.
     */
    RunState runState() {
        RunState rs = runState;
        if (rs == null || !rs.isCurrent()) runState = rs = RunState.current();
        return rs;
    }

    private RunState runState;

    /**
     * One iteration: the callbacks ready when it began, in FIFO order, then the timers due when it began, in
     * (deadline, sequence) order, as in asyncio; but after an iteration with a budget that ended early, the due
     * timers come first (see "Order" in {@link EventLoop}).
     */
    private long runIteration(long budgetNanos, boolean jfr) {
        RunState rs = runState();
        EventLoop previousLoop = rs.loop;
        Object previousTask = rs.task;
        // Callbacks run with this loop current and outside any task. Usually the thread is in that state already
        // (a run's frame set it, or the host's thread is bound to the loop): then there is nothing to give back.
        boolean enter = previousLoop != facade || previousTask != null;
        if (enter) {
            rs.loop = facade;
            rs.task = null; // callbacks are never a task's own code
        }
        long iteration = ++iterations;
        int ran = 0;
        try {
            if (incomingPending) drainIncoming();
            boolean timersFirst = cutShort; // the last iteration left work: a flood drains, timers go first
            cutShort = false;
            takeDueTimers(jfr);
            // What this iteration runs: the ready callbacks, then the due timers, or the other way round.
            ArrayDeque<CallbackHandle> first = timersFirst ? dueTimers : ready;
            ArrayDeque<CallbackHandle> second = timersFirst ? ready : dueTimers;
            int firstCount = first.size();
            int total = firstCount + second.size();
            long start = beginRun(total, budgetNanos);
            // One loop over both queues, kept in this method: the JIT then compiles the iteration as one piece
            for (int i = 0; i < total; i++) {
                CallbackHandle h = (i < firstCount ? first : second).pollFirst();
                if (!h.cancelled) {
                    ran++;
                    if (jfr) runHandleRecorded(h);
                    else runHandle(h);
                    // The callback ran a nested loop (runUntilComplete on the FX thread, a modal dialog in a task):
                    // its iterations ran from the same queues, so this iteration's counts are void. End it here.
                    // So too when the host's own nested loop may be leaving (a dialog just closed): see the guard.
                    if (iterations != iteration || (nestingGuard != null && nestingGuard.endIterationNow())) break;
                }
                if ((i & 15) == 15 && endSliceEarly(i, total, start, budgetNanos)) break;
            }
        } finally {
            if (enter) leaveIteration(rs, previousLoop, previousTask);
            if (jfr) lastIterationRan = ran;
        }
        return nextWakeUp();
    }

    // The iteration's rarer and outer parts live in methods of their own, so that runIteration is the loop over the
    // handles and little else. (It is still not inlined into the host's loop: C2 finds it compiled too big.)

    /**
     * Starts running an iteration's {@code total} handles; returns when it began, if it has a budget. On a thread
     * that runs nested event loops, a callback may block in one (a modal dialog): then the iteration does not end,
     * and the callbacks behind it must not wait for it, so the next run is asked for now.
     */
    private long beginRun(int total, long budgetNanos) {
        if (total > 1 && nestingGuard != null) host.requestRun();
        return budgetNanos == Long.MAX_VALUE ? 0 : clock.nanoTime();
    }

    /** Moves the due timers out of the heap and forgets a reported deadline that has passed. */
    private void takeDueTimers(boolean jfr) {
        if (timers.isEmpty() && reportedDeadline == Long.MAX_VALUE) return;
        long now = clock.nanoTime();
        if (!timers.isEmpty()) moveDueTimers(now, jfr);
        // The host's wake-up for a passed deadline is spent. Forget it, so that a timer set by a callback below is
        // reported at once by callAt: that callback may block in a nested event loop (a modal dialog), and then the
        // report at the end of this iteration comes too late.
        if (reportedDeadline - now <= 0) reportedDeadline = Long.MAX_VALUE;
    }

    /** Gives the thread's loop and task back as they were before the iteration. */
    private void leaveIteration(RunState rs, EventLoop previousLoop, Object previousTask) {
        rs.task = previousTask;
        if (!runByHost) {
            rs.loop = previousLoop;
        } else { // on the thread of a loop run by its host, the loop stays current between iterations
            rs.loop = previousLoop == null ? facade : previousLoop;
            if (hostThread == null) hostThread = Thread.currentThread();
        }
    }

    /** Reports the next deadline to the host if it changed; returns it, or RUN_AGAIN if work is ready. */
    private long nextWakeUp() {
        long next = nextDeadline();
        if (next != reportedDeadline) {
            reportedDeadline = next;
            host.wakeAt(next);
        }
        // The flag, not the incoming queue's head: a producer sets it after its offer and then asks the host for a
        // run, so a callback this read misses still wakes the loop.
        return ready.isEmpty() && dueTimers.isEmpty() && !incomingPending ? next : LoopDriver.RUN_AGAIN;
    }

    private boolean cutShort; // loop thread: the last iteration ended on its budget or a due timer, with work left

    /**
     * An iteration with a budget ends early when the budget is spent or a timer of the heap fell due; the next
     * one then begins with the due timers.
     */
    private boolean endSliceEarly(int i, int total, long start, long budgetNanos) {
        if (budgetNanos == Long.MAX_VALUE || i == total - 1) return false;
        long now = clock.nanoTime();
        long next = nextDeadline();
        if (now - start < budgetNanos && (next == Long.MAX_VALUE || next - now > 0)) return false;
        cutShort = true;
        return true;
    }

    /** Nothing waits to run now: no ready callback, no due timer, nothing sent from another thread. */
    private boolean nothingReady() {
        return ready.isEmpty() && dueTimers.isEmpty() && incoming.isEmpty();
    }

    private void moveDueTimers(long now, boolean jfr) {
        compactTimersIfNeeded();
        TimerEntry t;
        while ((t = timers.peek()) != null) {
            if (t.cancelled) {
                removeCancelledHead(t);
                continue;
            }
            if (t.when > now) break;
            timers.poll();
            t.inHeap = false;
            dueTimers.addLast(t);
            if (jfr && now - t.when >= LoopEvents.LATE_NANOS) recordLateTimer(t, now - t.when);
        }
    }

    private void removeCancelledHead(TimerEntry t) {
        timers.poll();
        t.inHeap = false;
        if (t.counted) cancelledTimers--;
    }

    private long nextDeadline() {
        TimerEntry t;
        while ((t = timers.peek()) != null && t.cancelled) removeCancelledHead(t);
        return t == null ? Long.MAX_VALUE : t.when;
    }

    private String eventName;

    /** How the loop is named in its Flight Recorder events. */
    private String eventName() {
        String name = eventName;
        if (name == null) {
            name = facade.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(facade));
            eventName = name;
        }
        return name;
    }

    private void recordLateTimer(TimerEntry t, long lateness) {
        LoopEvents.TimerLateness e = new LoopEvents.TimerLateness();
        if (!e.isEnabled()) return;
        e.loop = eventName();
        e.lateness = lateness;
        e.timer = String.valueOf(t.callback);
        e.commit();
    }

    /** {@link #runHandle} while Flight Recorder records: a slow callback becomes an event. */
    private void runHandleRecorded(CallbackHandle h) {
        LoopEvents.SlowCallback e = new LoopEvents.SlowCallback();
        e.begin();
        runHandle(h);
        e.end();
        if (e.shouldCommit()) {
            e.loop = eventName();
            e.callback = h.toString();
            e.commit();
        }
    }

    /** Records a task's creation or end, if task lifecycle events are on. */
    private void recordTask(Task<?> task, String transition) {
        LoopEvents.TaskLifecycle e = new LoopEvents.TaskLifecycle();
        if (!e.isEnabled()) return;
        e.loop = eventName();
        e.task = task.name();
        if (transition == null) {
            transition = !task.isDone() ? "dropped at close" : task.isCancelled() ? "cancelled"
                    : task.succeeded() ? "done" : "failed";
            if (transition.equals("failed")) e.failure = String.valueOf(task.failureForEvents());
        }
        e.transition = transition;
        e.commit();
    }

    private void runHandle(CallbackHandle h) {
        if (!debug) {
            try {
                h.fire();
            } catch (Throwable t) {
                callExceptionHandler(new ErrorContext("Exception in callback", t, h, null));
            }
            return;
        }
        long t0 = System.nanoTime();
        try {
            h.fire();
        } catch (Throwable t) {
            callExceptionHandler(new ErrorContext("Exception in callback", t, h, null));
        }
        long took = System.nanoTime() - t0;
        if (took > slowCallbackNanos) {
            LOG.log(System.Logger.Level.WARNING, "Executing {0} took {1} ms", h, took / 1_000_000.0);
        }
    }

    // ------------------------------------------------------------------ running

    /** One open runForever call: a run of the loop on the loop thread, or a caller on another thread that waits. */
    private static final class RunForeverCall {
        final CountDownLatch released = new CountDownLatch(1);
        volatile boolean stopped;
    }

    @Override
    public void runForever() {
        checkOpen();
        checkNotShutDown();
        checkNotInTaskOfAnotherLoop("runForever");
        RunForeverCall call = new RunForeverCall();
        if (!host.isLoopThread() && runByHost) {
            waitForStop(call); // the host runs the loop by itself: this caller only waits for stop()
            return;
        }
        checkCanRun("runForever");
        synchronized (runForeverCalls) {
            if (pendingStop) { // stop() before the run: run one iteration (asyncio's rule)
                pendingStop = false;
                call.stopped = true;
            }
            runForeverCalls.addLast(call);
        }
        try {
            runFrame(() -> call.stopped, "runForever()");
        } finally {
            synchronized (runForeverCalls) {
                runForeverCalls.remove(call);
            }
        }
    }

    private void waitForStop(RunForeverCall call) {
        synchronized (runForeverCalls) {
            if (phase != Phase.RUNNING) return; // shutdown released the calls registered before it
            runForeverCalls.addLast(call);
        }
        try {
            call.released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // as a run on the thread host ends, with the status kept
            throw offThreadWaitInterrupted("runForever()", e);
        } finally {
            synchronized (runForeverCalls) {
                runForeverCalls.remove(call);
            }
        }
    }

    @Override
    public void stop() {
        RunForeverCall call;
        synchronized (runForeverCalls) {
            call = runForeverCalls.pollLast();
            if (call == null) {
                if (!isRunning()) pendingStop = true; // asyncio: the next runForever runs one iteration
                return;
            }
            call.stopped = true; // before requestRun(): the run sees it, or the request keeps it from parking
        }
        call.released.countDown();
        host.requestRun();
    }

    /** Ends every open runForever call (shutdown). */
    private void releaseRunForeverCalls() {
        synchronized (runForeverCalls) {
            for (RunForeverCall c : runForeverCalls) {
                c.stopped = true;
                c.released.countDown();
            }
        }
        host.requestRun();
    }

    @Override
    public boolean isRunning() {
        return runDepth > 0 || (runByHost && phase == Phase.RUNNING && !closed);
    }

    /** The host runs the loop by itself from now on (a GUI toolkit's thread); see LoopDriver.runByHost. */
    private void runByHost() {
        runByHost = true;
        if (host.isLoopThread()) bindHostThread();
    }

    /** Host thread of a loop run by its host: EventLoop.current() returns this loop here, also outside callbacks. */
    private void bindHostThread() {
        RunState.current().loop = facade;
        hostThread = Thread.currentThread();
    }

    /**
     * True if the caller may touch the loop's own state: it is on the loop's thread, or the loop has no thread
     * right now (it is not running and not bound to one), as when a program sets a loop up before running it.
     */
    final boolean inLoopContext() {
        return host.isLoopThread() || (runDepth == 0 && !runByHost);
    }

    /**
     * Runs the host on this thread until {@code done}; keeps the loop registered as running meanwhile. A
     * shutdown that finished while the run was open closes the loop when the outermost run returns.
     */
    private void runFrame(BooleanSupplier done, String label) {
        RunState rs = RunState.current();
        EventLoop previousLoop = rs.loop;
        Thread previousThread = runningThread;
        rs.loop = facade;
        runningThread = Thread.currentThread();
        // The iterations of this run may find the thread set up already and skip leaveIteration, which records it
        if (runByHost && hostThread == null) hostThread = runningThread;
        runDepth++;
        OpenFrame frame = new OpenFrame(label, time(), done);
        openFrames.add(frame);
        LoopEvents.Run event = LoopEvents.on ? new LoopEvents.Run() : null;
        if (event != null) event.begin();
        try {
            host.runUntil(done, label);
        } finally {
            if (event != null) event.end();
            if (event != null && event.shouldCommit()) {
                event.loop = eventName();
                event.call = label;
                event.depth = openFrames.size();
                event.commit();
            }
            openFrames.remove(frame);
            runDepth--;
            runningThread = previousThread;
            rs.loop = previousLoop;
            if (phase == Phase.SHUT_DOWN && runDepth == 0) closeNow();
        }
    }

    /** An open run of the loop (runFrame), for task dumps. */
    static final class OpenFrame {
        final String label;
        final long startedAt;
        private final BooleanSupplier done;

        OpenFrame(String label, long startedAt, BooleanSupplier done) {
            this.label = label;
            this.startedAt = startedAt;
            this.done = done;
        }

        boolean isDone() {
            try {
                return done.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ task dumps

    /** How long dumpTasks() from another thread waits for the loop's thread before it reads the loop itself. */
    private static final long DUMP_HANDOVER_MILLIS = 1000;

    @Override
    public TaskDump dumpTasks() {
        if (closed || inLoopContext()) return dumpHere();
        CompletableFuture<TaskDump> answer = new CompletableFuture<>();
        if (post(() -> answer.complete(dumpHere()))) {
            try {
                return answer.get(DUMP_HANDOVER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // the loop's thread is busy (a callback that does not return): read what can be read from here
            }
        }
        Thread t = runningThread != null ? runningThread : hostThread;
        List<StackTraceElement> busyIn = t != null ? List.of(t.getStackTrace()) : List.of();
        for (int attempt = 0; ; attempt++) {
            try {
                return TaskDumper.dump(this, liveTasks(), List.copyOf(openFrames), unretrievedNow(), false, busyIn);
            } catch (RuntimeException tornRead) {
                if (attempt == 3) throw new IllegalStateException("The event loop's thread did not answer within "
                        + DUMP_HANDOVER_MILLIS + " ms, and its task list changed under every read from this thread; "
                        + "call dumpTasks() again, or on the loop's thread.", tornRead);
            }
        }
    }

    private TaskDump dumpHere() {
        return TaskDumper.dump(this, liveTasks(), List.copyOf(openFrames), unretrievedNow(), true, List.of());
    }

    private List<String> unretrievedNow() {
        List<String> out = new ArrayList<>();
        for (Object f : unretrieved) out.add(f.toString());
        return out;
    }

    /**
     * Refuses to run this loop, or to wait for it, inside a task of another loop: that task's loop would be blocked
     * until the call returned, running none of its other tasks, callbacks or timers (an event handler that a dialog's
     * nested loop runs while the task waits in showAndWait is not the task's code).
     */
    private void checkNotInTaskOfAnotherLoop(String what) {
        if (RunState.current().task instanceof Task<?> t && t.loop != this
                && (t.loop.nestingGuard == null || !t.loop.nestingGuard.calledByNestedLoop())) {
            throw new IllegalStateException(what + "() was called inside task '" + t.name() + "' of another event "
                    + "loop, which would be blocked until it returned: none of that loop's other tasks, callbacks or "
                    + "timers could run meanwhile. Await the work instead: run this loop on a thread of its own and "
                    + "Async.await(loop.submit(coroutine)) in the task, or use the task's own loop.");
        }
    }

    /**
     * EventLoop.run: refused where a loop is running on this thread (asyncio.run's rule): the new loop would block it
     * until it finished.
     */
    static void checkNoLoopRunsHere() {
        RunState rs = RunState.current();
        EventLoop running = rs.loop;
        if (running == null || !running.isRunning()) return;
        String where = rs.task instanceof Task<?> t ? "inside task '" + t.name() + "' of " + running
                : "on thread '" + Thread.currentThread().getName() + "', where " + running + " is running";
        throw new IllegalStateException("EventLoop.run() was called " + where + "; it would block that loop until "
                + "the new one finished (asyncio.run() refuses this too). Start the coroutine as a task of the running "
                + "loop instead (EventLoop.current().createTask(...)) and Async.await it from a task.");
    }

    /** Refuses a run of the loop on this thread where it cannot work. */
    private void checkCanRun(String what) {
        Object current = RunState.current().task;
        if (current instanceof Task<?> t && t.loop == this && (nestingGuard == null || !nestingGuard.calledByNestedLoop())) {
            throw new IllegalStateException(what + "() was called inside task '" + t.name() + "' of " + facade.getClass()
                    .getSimpleName() + ", which is already running: the task would wait for itself. Use "
                    + "Async.await(future) inside a task instead.");
        }
        if (nestingGuard != null && host.isLoopThread()) {
            nestingGuard.checkCanNest(what);
        } else if (runDepth > 0 || (runByHost && host.isLoopThread())) {
            Thread t = runningThread != null ? runningThread : hostThread;
            throw new IllegalStateException("This event loop is already running"
                    + (t == Thread.currentThread() ? " on this thread" : " in thread '" + (t != null ? t.getName() : "?") + "'")
                    + "; " + what + "() cannot run it again. Schedule work with callSoon/createTask, or "
                    + "callSoonThreadsafe/submit from another thread.");
        }
    }

    @Override
    public <T> T runUntilComplete(LoopFuture<T> future) throws Exception {
        Objects.requireNonNull(future, "future");
        checkOpen();
        if (future.loop != this) {
            throw new IllegalArgumentException(future + " belongs to another event loop; run that loop instead.");
        }
        checkNotShutDown();
        checkNotInTaskOfAnotherLoop("runUntilComplete");
        if (!host.isLoopThread() && runByHost) return blockUntil(future.toCompletableFuture(), future);
        checkCanRun("runUntilComplete");
        // On a loop its host runs, a future may complete outside the loop's callbacks (in a plain event handler):
        // a done callback makes that completion request an iteration, which then ends the run.
        if (runByHost) {
            future.addDoneCallback(f -> {
            });
        }
        runFrame(() -> future.isDone() || phase != Phase.RUNNING, "runUntilComplete(" + future + ")");
        if (!future.isDone() || (phase != Phase.RUNNING && future.isCancelled())) {
            throw endedByShutdown(future);
        }
        return future.resultOrThrow();
    }

    @Override
    public <T> T runUntilComplete(Coroutine<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        checkOpen();
        checkNotShutDown();
        checkNotInTaskOfAnotherLoop("runUntilComplete");
        if (!host.isLoopThread() && runByHost) {
            try {
                return blockUntil(submit(body), body);
            } catch (CancellationException e) {
                if (phase != Phase.RUNNING) throw endedByShutdown(body);
                throw e;
            }
        }
        checkCanRun("runUntilComplete");
        return runUntilComplete(createTask(body));
    }

    /**
     * Blocks a thread other than the loop's (of a loop its host runs by itself) until {@code waiter} completes,
     * or until shutdown releases it. It registers first and checks for shutdown second: a shutdown that begins
     * after the check finds it registered and releases it, one that began before is seen by the check.
     */
    private <T> T blockUntil(CompletableFuture<T> waiter, Object target) throws Exception {
        offThreadWaits.add(waiter);
        try {
            Runnable hook = offThreadWaitHook;
            if (hook != null) hook.run();
            if (phase != Phase.RUNNING) throw endedByShutdown(target);
            return waiter.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // as a run on the thread host ends, with the status kept
            throw offThreadWaitInterrupted("runUntilComplete(" + target + ")", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Error err) throw err;
            throw c instanceof Exception ex ? ex : e;
        } finally {
            offThreadWaits.remove(waiter);
        }
    }

    /** Test hook: runs in every off-thread runUntilComplete, between registering and checking for shutdown. */
    void setOffThreadWaitHook(Runnable hook) {
        offThreadWaitHook = hook;
    }

    private static IllegalStateException offThreadWaitInterrupted(String call, InterruptedException e) {
        return new IllegalStateException(call + " ended: the thread that waited for it ('"
                + Thread.currentThread().getName() + "') was interrupted. The loop goes on running on its host's "
                + "thread; the waiting thread keeps its interrupt status.", e);
    }

    private IllegalStateException endedByShutdown(Object target) {
        return new IllegalStateException("runUntilComplete(" + target + ") ended because the event loop was shut "
                + "down before it completed (shutdown() was called" + (runByHost ? ", or the application "
                + "that runs the loop is exiting" : "") + ").");
    }

    private void checkNotShutDown() {
        if (phase != Phase.RUNNING) {
            throw new IllegalStateException("The event loop was shut down (shutdown() was called" + (runByHost
                    ? ", or the application that runs it is exiting" : "") + "); nothing can run on it any more."
                    + (facade instanceof CoreLoop ? " Create a new loop." : " Get a new one (e.g. FxEventLoop.get()) "
                    + "while the application still runs."));
        }
    }

    /** asyncio.run: run main, cancel leftovers and wait for their finally blocks, stop the executor, close. */
    <T> T runMain(Coroutine<T> main) throws Exception {
        try {
            return runUntilComplete(createTask("main", main));
        } finally {
            // An interrupt ended the main run, perhaps: the cleanup still gets its grace period, then the status is
            // given back.
            boolean interrupted = Thread.interrupted();
            try {
                CancelAndDrain.run(this, liveTasks(), "the event loop is shutting down (EventLoop.run returned)",
                        done -> runFrame(done, "EventLoop.run: letting cancelled tasks finish"), "");
                shutdownOwnExecutor();
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
                close();
            }
        }
    }

    // ------------------------------------------------------------------ shutdown

    @Override
    public void setShutdownGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) throw new IllegalArgumentException("The grace period must not be negative: " + grace);
        shutdownGrace = grace;
    }

    @Override
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    @Override
    public boolean isShutDown() {
        return phase != Phase.RUNNING || closed;
    }

    @Override
    public void shutdown() {
        if (closed) return;
        if (!inLoopContext()) {
            if (!runByHost) {
                Thread t = runningThread;
                throw new IllegalStateException("shutdown() was called from thread '" + Thread.currentThread().getName()
                        + "' while the event loop runs in thread '" + (t != null ? t.getName() : "?") + "', which it "
                        + "would have to run again to let cancelled tasks finish. Call stop(), and shutdown() in that "
                        + "thread once runForever() returns.");
            }
            shutdownFromOtherThread(); // the host runs the loop by itself: hand it to the host's thread
            return;
        }
        if (nestingGuard == null && runDepth > 0) {
            throw new IllegalStateException("shutdown() was called inside a callback of this running event loop, "
                    + "which cannot run itself again to let its cancelled tasks finish. Call stop(), and shutdown() "
                    + "after runForever() returns; or run the program with EventLoop.run(), which shuts down at its end.");
        }
        if (phase == Phase.RUNNING) {
            beginShutdown();
        } else if (shutdownCaller != null && !shutdownCaller.isDone() && Async.currentTaskOrNull() != shutdownCaller) {
            // Called again (the application exits) while the task that called shutdown() still runs: let it finish,
            // within the grace period, and finish the shutdown whatever happens.
            Task<?> caller = shutdownCaller;
            drain(caller::isDone, graceDeadline(), "shutdown(): letting the task that called shutdown() finish");
            if (!caller.isDone()) {
                callExceptionHandler(new ErrorContext("Task '" + caller.name() + "' did not finish " + withinGrace()
                        + "; its finally blocks will not run (awaiting: " + caller.waitingOn() + ")", null, null, caller));
            }
            finishShutdown();
            return;
        }
        if (shutdownCaller == null || shutdownCaller.isDone()) finishShutdown();
    }

    /** Hands shutdown() to the loop's thread and waits for it there, within the grace period and ten seconds. */
    private void shutdownFromOtherThread() {
        CountDownLatch done = new CountDownLatch(1);
        if (!post(() -> {
            try {
                shutdown();
            } finally {
                done.countDown();
            }
        })) return; // closed meanwhile
        try {
            if (!done.await(saturatedAdd(saturatedNanos(shutdownGrace), TimeUnit.SECONDS.toNanos(10)), TimeUnit.NANOSECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "shutdown() of " + this + " did not get the loop's thread in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void beginShutdown() {
        phase = Phase.SHUTTING_DOWN;
        // Called by a task of this loop (a quit handler written as a task): it is cancelled like the others, but not
        // waited for here, where it cannot end. Its finally blocks run once shutdown() returns to it; the loop runs
        // until then and is shut down after.
        Task<?> current = Async.currentTaskOrNull();
        shutdownCaller = current != null && current.loop == this ? current : null;
        List<Task<?>> pending = liveTasks();
        if (shutdownCaller != null) pending.remove(shutdownCaller);
        String why = "The event loop is shutting down (shutdown() was called)";
        if (shutdownCaller != null) {
            Task<?> caller = shutdownCaller;
            caller.cancel(why);
            caller.addDoneCallback(t -> finishShutdown());
        }
        releaseBlockedCallers();
        long deadline = graceDeadline();
        // Run until the tasks are done and the callbacks they left have run (so close() drops nothing), or the grace
        // period has passed.
        try {
            CancelAndDrain.run(this, pending, why,
                    done -> drain(() -> done.getAsBoolean() && nothingReady(), deadline,
                            "shutdown(): letting cancelled tasks finish"),
                    withinGrace());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("shutdown() failed", e); // the drain throws nothing checked
        }
    }

    private long graceDeadline() {
        return saturatedAdd(time(), saturatedNanos(shutdownGrace));
    }

    private String withinGrace() {
        return "within the shutdown grace period of " + shutdownGrace.toMillis() + " ms";
    }

    /** Runs the loop on this thread until {@code until} holds or the clock passes {@code deadline}. */
    private void drain(BooleanSupplier until, long deadline, String label) {
        if (until.getAsBoolean()) return;
        TimerEntry wake = new TimerEntry(this, deadline, timerSequence++, () -> {
        }); // so that a host that waits for timers wakes at the deadline
        timers.add(wake);
        if (deadline < reportedDeadline) {
            reportedDeadline = deadline;
            host.wakeAt(deadline);
        }
        try {
            runFrame(() -> until.getAsBoolean() || time() - deadline >= 0, label);
        } finally {
            wake.cancel();
        }
    }

    /** Ends the shutdown once, when no task that called it is still running: the last callbacks run, then close. */
    private void finishShutdown() {
        if (phase.compareTo(Phase.FINISHING) >= 0) return;
        phase = Phase.FINISHING;
        drain(this::nothingReady, graceDeadline(), "shutdown(): running the last callbacks");
        shutdownCaller = null;
        phase = Phase.SHUT_DOWN;
        host.requestRun(); // open runs of the loop see the phase and end; the outermost to return closes the loop
        if (runDepth == 0) closeNow();
    }

    private void releaseBlockedCallers() {
        releaseRunForeverCalls();
        for (CompletableFuture<?> w : offThreadWaits) {
            w.completeExceptionally(new IllegalStateException("The event loop was shut down before the awaited "
                    + "future completed."));
        }
    }

    // ------------------------------------------------------------------ close

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        if (runDepth > 0) {
            throw new IllegalStateException("Cannot close a running event loop: call stop() and close it after "
                    + "runForever() returns.");
        }
        if (runByHost && phase != Phase.SHUT_DOWN) {
            throw new IllegalStateException("This event loop is run by its host (on thread '" + (hostThread != null
                    ? hostThread.getName() : "?") + "') for as long as the host runs; it cannot simply be closed. Call shutdown(): it cancels the "
                    + "pending tasks, lets their finally blocks run, and closes the loop.");
        }
        closeNow();
    }

    private void closeNow() {
        if (closed) return;
        List<Task<?>> pending = liveTasks();
        for (Task<?> t : pending) {
            callExceptionHandler(new ErrorContext("Task '" + t.name() + "' was still pending when the loop closed; "
                    + "its finally blocks will never run. Cancel and await tasks before close(), or use "
                    + "EventLoop.run() or shutdown()", null, null, t));
        }
        phase = Phase.SHUT_DOWN;
        closed = true; // from here on enqueueThreadsafe takes back what it offers, or finds it reported below
        for (Task<?> t : pending) taskDone(t);
        drainIncoming();
        int dropped = 0;
        StringBuilder examples = new StringBuilder();
        for (ArrayDeque<CallbackHandle> queue : List.of(ready, dueTimers)) {
            for (CallbackHandle h : queue) {
                // safeToString: a callback whose toString() throws must not stop close() half-way
                if (!h.cancelled && h.dropOnClose() && ++dropped <= 3) {
                    examples.append(dropped > 1 ? ", " : "").append(ErrorContext.safeToString(h));
                }
            }
            queue.clear();
        }
        for (TimerEntry t : timers) t.cancelled = true; // not due yet: "later" will not come; the handles say so
        timers.clear();
        for (CompletionLink<?> link : List.copyOf(openLinks)) link.loopClosing();
        openLinks.clear();
        if (dropped > 0) {
            callExceptionHandler(new ErrorContext("The event loop was closed with " + dropped + " callback(s) "
                    + "accepted but not run (" + examples + (dropped > 3 ? ", ..." : "") + "); they will never run, "
                    + "and their handles report cancelled. Run the loop until that work is done before close(), or "
                    + "stop scheduling it.", null, null, null));
        }
        if (ownExecutor != null) ownExecutor.shutdown();
        if (mbeanName != null) LoopManagement.unregister(this);
    }

    /** Throws the closed-loop error if the loop is closed. */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The event loop is closed; nothing can be scheduled on it. Create a new "
                    + "loop, or schedule before close().");
        }
    }

    // ------------------------------------------------------------------ errors and debug

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    @Override
    public void callExceptionHandler(ErrorContext context) {
        Objects.requireNonNull(context, "context");
        ExceptionHandler h = exceptionHandler;
        if (h == null) {
            defaultExceptionHandler(context);
            return;
        }
        try {
            h.handle(this, context);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "The exception handler failed on: " + context.describe(), t);
            defaultExceptionHandler(context);
        }
    }

    private static void defaultExceptionHandler(ErrorContext context) {
        LOG.log(System.Logger.Level.ERROR, context.describe(), context.exception());
    }

    /** Reports an error from any thread: on the loop while it is open, else straight to the handler. */
    void reportFromAnyThread(ErrorContext context) {
        if (!closed) {
            try {
                callSoonThreadsafe(() -> callExceptionHandler(context));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through
            }
        }
        callExceptionHandler(context);
    }

    @Override
    public void setDebug(boolean enabled) {
        debug = enabled;
    }

    @Override
    public boolean isDebug() {
        return debug;
    }

    @Override
    public void setSlowCallbackThreshold(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) throw new IllegalArgumentException("threshold must not be negative: " + threshold);
        slowCallbackNanos = saturatedNanos(threshold);
    }

    /**
     * Throws if a method that only the loop's thread may call is called from another thread while the loop has
     * one (it runs there, or its host runs it there for good). Every loop checks, always: a call from the wrong
     * thread would corrupt the queues silently.
     *
     * @param method the method's name, for the message
     */
    void requireLoopContext(String method) {
        if (!inLoopContext()) throw wrongThread(method);
    }

    private IllegalStateException wrongThread(String method) {
        Thread t = runningThread != null ? runningThread : hostThread;
        return new IllegalStateException(method + "() was called from thread '" + Thread.currentThread().getName()
                + "', but the event loop runs in thread '" + (t != null ? t.getName() : "?") + "'. From other "
                + "threads use callSoonThreadsafe() or submit().");
    }

    // ------------------------------------------------------------------ futures and tasks

    @Override
    public <T> LoopFuture<T> createFuture() {
        checkOpen();
        return new LoopFuture<>(this);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> body) {
        return createTask(null, body);
    }

    @Override
    public <T> Task<T> createTask(String name, Coroutine<T> body) {
        return createTask(name, TaskStart.SOON, body);
    }

    @Override
    public <T> Task<T> createTask(String name, TaskStart start, Coroutine<T> body) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(start, "start");
        checkOpen();
        requireLoopContext("createTask");
        Task<T> task = new Task<>(this, name, body);
        task.previousLive = lastLive;
        if (lastLive == null) firstLive = task;
        else lastLive.nextLive = task;
        lastLive = task;
        liveCount++;
        if (debug) task.origin = new Task.Origin(time(), TaskDumper.creationSite());
        if (LoopEvents.on) recordTask(task, "created");
        // Eager only where the loop runs on this thread: task code never runs on a thread that does not run the loop.
        if (start == TaskStart.EAGER && host.isLoopThread()) task.startEagerly();
        else task.start();
        return task;
    }

    void taskDone(Task<?> task) {
        Task<?> p = task.previousLive, n = task.nextLive;
        if (p == null && n == null && firstLive != task) return; // not linked (the loop was closed)
        if (p == null) firstLive = n;
        else p.nextLive = n;
        if (n == null) lastLive = p;
        else n.previousLive = p;
        task.previousLive = task.nextLive = null;
        liveCount--;
        if (LoopEvents.on) recordTask(task, null);
    }

    /** Returns the pending tasks in creation order. */
    private List<Task<?>> liveTasks() {
        int n = liveCount;
        List<Task<?>> list = new ArrayList<>(Math.max(0, n));
        // the bound only matters to a dump read from another thread while the list changes
        for (Task<?> t = firstLive; t != null && list.size() <= n + 1000; t = t.nextLive) list.add(t);
        return list;
    }

    /** Returns the tasks of this loop that are not done yet, in creation order. */
    @Override
    public Set<Task<?>> allTasks() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(liveTasks()));
    }

    // ------------------------------------------------------------------ other threads

    @Override
    public <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> fn) {
        Objects.requireNonNull(fn, "fn");
        checkOpen();
        Executor ex = executor != null ? executor : defaultExecutor();
        // A process pool gets the function itself: it ships it to a worker, and cancelling the loop future
        // cancels its job there (which kills the worker), where an opaque Runnable could not be reached.
        if (ex instanceof ProcessPoolExecutor pool) {
            try {
                return wrap(pool.submit(fn));
            } catch (RejectedExecutionException e) {
                return wrap(CompletableFuture.failedFuture(e));
            }
        }
        ExecutorJob<T> job = new ExecutorJob<>(this, fn);
        try {
            ex.execute(job);
        } catch (RejectedExecutionException e) {
            job.rejected(e);
        }
        return job;
    }

    @Override
    public <T> LoopFuture<T> wrap(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        checkOpen();
        LoopFuture<T> f = stage instanceof CompletableFuture<T> cf ? new CancelsStage<>(this, cf) : new LoopFuture<>(this);
        stage.whenComplete((value, error) -> {
            Runnable complete = () -> {
                if (f.isDone()) return;
                if (error == null) {
                    f.setResultInternal(value);
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof CancellationException ce) f.cancelInternal(ce);
                    else f.setExceptionInternal(cause);
                }
            };
            post(complete); // a closed loop's futures are gone: nobody can observe them
        });
        return f;
    }

    /** A future for a CompletableFuture: cancelling it cancels the CompletableFuture at once, so a queued job never starts. */
    private static final class CancelsStage<T> extends LoopFuture<T> {
        private final CompletableFuture<T> stage;

        CancelsStage(CoreLoop loop, CompletableFuture<T> stage) {
            super(loop);
            this.stage = stage;
        }

        @Override
        void onDone() {
            if (isCancelled()) stage.cancel(false);
        }

        @Override
        String describeForDump() {
            return "CompletableFuture@" + Integer.toHexString(System.identityHashCode(stage))
                    + (stage.isDone() ? " (completed)" : " (not completed)");
        }
    }

    @Override
    public <T> CompletableFuture<T> submit(Coroutine<T> body) {
        Objects.requireNonNull(body, "body");
        checkOpen();
        CompletableFuture<T> result = new LoopCompletedFuture<>(host);
        enqueueThreadsafe(new SubmitHandle<>(body, result));
        return result;
    }

    /** The callback behind {@link #submit}: starts the task and links its outcome to the caller's future. */
    private final class SubmitHandle<T> extends CallbackHandle {
        private final Coroutine<T> body;
        private final CompletableFuture<T> result;

        SubmitHandle(Coroutine<T> body, CompletableFuture<T> result) {
            super(null);
            this.body = body;
            this.result = result;
        }

        @Override
        void fire() {
            if (result.isDone()) return; // cancelled before it started
            Task<T> task;
            try {
                task = createTask(body);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                return;
            }
            task.chain(result);
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) task.cancel(); // any thread: handed to the loop
            });
        }

        @Override
        boolean dropOnClose() {
            cancelled = true;
            result.completeExceptionally(new IllegalStateException("The event loop " + CoreLoop.this + " was "
                    + "closed before the coroutine given to submit() started; it never will. Submit work only "
                    + "to a loop that keeps running until the work is done."));
            return true;
        }

        @Override
        public String toString() {
            return "Submit[" + body + (cancelled ? ", cancelled]" : "]");
        }
    }

    @Override
    public synchronized void setDefaultExecutor(Executor executor) {
        defaultExecutor = Objects.requireNonNull(executor, "executor");
    }

    private synchronized Executor defaultExecutor() {
        if (defaultExecutor == null) {
            int n = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "loopfx-executor-" + EXECUTOR_THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            ownExecutor = pool;
            defaultExecutor = pool;
        }
        return defaultExecutor;
    }

    @Override
    public void setExecutorShutdownTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        executorShutdownTimeout = timeout;
    }

    private void shutdownOwnExecutor() throws InterruptedException {
        ExecutorService ex;
        synchronized (this) {
            ex = ownExecutor;
        }
        if (ex == null) return;
        ex.shutdown();
        if (!ex.awaitTermination(saturatedNanos(executorShutdownTimeout), TimeUnit.NANOSECONDS)) {
            int active = ex instanceof ThreadPoolExecutor tpe ? tpe.getActiveCount() : -1;
            callExceptionHandler(new ErrorContext("The default executor still had " + active + " job(s) running "
                    + executorShutdownTimeout.toMillis() + " ms after shutdown; leaving them to finish on daemon "
                    + "threads", null, null, null));
        }
    }

    // ------------------------------------------------------------------ durations

    /** Converts a duration to nanoseconds, clamping instead of overflowing. */
    static long saturatedNanos(Duration d) {
        if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) return Long.MAX_VALUE;
        if (d.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) return Long.MIN_VALUE;
        return d.toNanos();
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        return r;
    }

    @Override
    public String toString() {
        return (facade == this ? "EventLoop" : facade.getClass().getSimpleName()) + "[" + (closed ? "closed" : isRunning() ? "running" : "idle")
                + ", ready=" + ready.size() + ", timers=" + timers.size() + ", tasks=" + liveCount + "]";
    }
}
