package io.loopfx.core.model;

import io.loopfx.core.model.Program.Action;
import io.loopfx.core.model.Program.Await;
import io.loopfx.core.model.Program.CallbackSpec;
import io.loopfx.core.model.Program.CancelFuture;
import io.loopfx.core.model.Program.CancelHandle;
import io.loopfx.core.model.Program.CancelTask;
import io.loopfx.core.model.Program.Complete;
import io.loopfx.core.model.Program.CreateTask;
import io.loopfx.core.model.Program.Do;
import io.loopfx.core.model.Program.Fail;
import io.loopfx.core.model.Program.Phase;
import io.loopfx.core.model.Program.Schedule;
import io.loopfx.core.model.Program.Sleep;
import io.loopfx.core.model.Program.Stop;
import io.loopfx.core.model.Program.TaskOp;
import io.loopfx.core.model.Program.Yield;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The reference: a plain simulation of what a program must do on the loop, written from the documented
 * semantics (docs/architecture.md "One iteration", asyncio's {@code _run_once}, asyncio's task cancellation)
 * and sharing no code with the loop. One FIFO ready queue; timers in (deadline, scheduling order), moved to the
 * ready queue at the start of an iteration once due; an iteration runs what was ready when it began; the
 * virtual clock jumps to the next live timer only when nothing is ready; cancelled handles are skipped.
 * Work sent from another thread with a happens-before edge joins the ready queue in call order, as if appended
 * there and then. Tasks: a step is a ready-queue entry; an await of a pending future registers the task as a
 * waiter whose step is scheduled when the future completes; a cancellation cancels the awaited future if it
 * is pending, or else is remembered and thrown at the next resumption; from another thread it is remembered
 * and delivered to the awaited future by a hand-over entry.
 */
final class ReferenceModel {
    private static final int PENDING = 0, VALUE = 1, FAILED = 2, CANCELLED = 3;
    private static final long ITERATION_LIMIT = 1_000_000;

    /** A ready-queue entry or a timer: skipped once cancelled. */
    private static class Item {
        final Runnable action;
        boolean cancelled;

        Item(Runnable action) {
            this.action = action;
        }
    }

    private static final class Timer extends Item {
        final long when, seq;

        Timer(long when, long seq, Runnable action) {
            super(action);
            this.when = when;
            this.seq = seq;
        }
    }

    private static final class Fut {
        int status = PENDING;
        String value;
        final List<Tsk> waiters = new ArrayList<>();
    }

    private enum Suspension { YIELD, SLEEP, AWAIT }

    private static final class Tsk {
        final int k;
        final List<TaskOp> ops;
        boolean created, started, done, requested, finishing;
        String outcome;
        int pc;
        Suspension suspension;
        Fut waitingOn;
        Timer sleepTimer;

        Tsk(int k, List<TaskOp> ops) {
            this.k = k;
            this.ops = ops;
        }
    }

    private final Program program;
    final List<String> trace = new ArrayList<>();
    final List<String> outcomes = new ArrayList<>();

    private long now;
    private long timerSeq;
    private long iterations;
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.<Timer>comparingLong(t -> t.when).thenComparingLong(t -> t.seq));
    private final Item[] handles = new Item[Program.CALLBACKS];
    private final Tsk[] tasks = new Tsk[Program.TASKS];
    private final Fut[] futures = new Fut[Program.FUTURES];
    private boolean stopping, stopAllowed;

    private ReferenceModel(Program program) {
        this.program = program;
        for (int k = 0; k < tasks.length; k++) tasks[k] = new Tsk(k, program.tasks().get(k).ops());
        for (int i = 0; i < futures.length; i++) futures[i] = new Fut();
    }

    /** Simulates the program, drains included, as {@link RealRun#run} executes it. */
    static ReferenceModel run(Program program) {
        ReferenceModel m = new ReferenceModel(program);
        m.execute();
        return m;
    }

    private void execute() {
        List<Phase> phases = program.phases();
        for (int p = 0; p < phases.size(); p++) {
            Phase phase = phases.get(p);
            String who = "setup" + p;
            for (Action a : phase.setup()) perform(a, who, true);
            switch (phase.mode()) {
                case FOREVER -> {
                    Timer sentinel = addTimer(now + phase.horizon(), () -> {
                        trace("sentinel", "stop");
                        stopping = true;
                    });
                    stopAllowed = true;
                    runForever();
                    stopAllowed = false;
                    sentinel.cancelled = true;
                    trace("phase" + p, "runForever returned");
                }
                case UNTIL_FUTURE -> {
                    int i = phase.future();
                    Fut f = futures[i];
                    Timer guard = addTimer(now + phase.horizon(), () -> {
                        boolean completes = f.status == PENDING;
                        if (completes) complete(f, VALUE, "guard");
                        trace("guard", "complete F" + i + " -> " + completes);
                    });
                    runFrame(() -> f.status != PENDING);
                    guard.cancelled = true;
                    trace("phase" + p, "runUntilComplete(F" + i + ") -> " + describe(f.status, f.value));
                }
                case UNTIL_TASK -> {
                    Tsk t = tasks[phase.task()];
                    if (!t.created) perform(new CreateTask(t.k), who, true);
                    Timer guard = addTimer(now + phase.horizon(),
                            () -> trace("guard", "cancel T" + t.k + " -> " + cancelTaskOnLoop(t)));
                    runFrame(() -> t.done);
                    guard.cancelled = true;
                    trace("phase" + p, "runUntilComplete(T" + t.k + ") -> " + t.outcome);
                }
            }
        }
        drain("drain1");
        for (Tsk t : tasks) {
            if (t.created && !t.done) trace("final", "cancel T" + t.k + " -> " + cancelTaskFromOtherThread(t));
        }
        drain("drain2");
        for (Tsk t : tasks) outcomes.add("T" + t.k + " " + (t.created ? t.outcome : "not created"));
        for (int i = 0; i < futures.length; i++) outcomes.add("F" + i + " " + describe(futures[i].status, futures[i].value));
        outcomes.add("time " + now);
    }

    private static String describe(int status, String value) {
        return switch (status) {
            case PENDING -> "pending";
            case VALUE -> "value " + value;
            case FAILED -> "failed " + value;
            default -> "cancelled";
        };
    }

    private void drain(String who) {
        addTimer(now + RealRun.FAR, () -> {
            trace("sentinel", "stop");
            stopping = true;
        });
        runForever();
        trace(who, "runForever returned");
    }

    private void runForever() {
        runFrame(() -> stopping);
        stopping = false;
    }

    // ------------------------------------------------------------------ the scheduler

    private Timer addTimer(long when, Runnable action) {
        Timer t = new Timer(when, timerSeq++, action);
        timers.add(t);
        return t;
    }

    /** Runs iterations until {@code done} holds after one; between them, an idle loop jumps to the next timer. */
    private void runFrame(BooleanSupplier done) {
        while (true) {
            if (++iterations > ITERATION_LIMIT) throw new IllegalStateException("model: the program does not end");
            Timer t;
            while ((t = timers.peek()) != null && (t.cancelled || t.when <= now)) {
                timers.poll();
                if (!t.cancelled) ready.addLast(t);
            }
            for (int n = ready.size(); n > 0; n--) {
                Item item = ready.pollFirst();
                if (!item.cancelled) item.action.run();
            }
            if (done.getAsBoolean()) return;
            if (ready.isEmpty()) {
                while ((t = timers.peek()) != null && t.cancelled) timers.poll();
                if (t == null) throw new IllegalStateException("model: the loop would park forever (generator bug)");
                if (t.when > now) now = t.when;
            }
        }
    }

    private void trace(String who, String what) {
        trace.add("t=" + now + " " + who + " " + what);
    }

    // ------------------------------------------------------------------ actions

    /** {@code onTestThread}: a setup action, on the test thread while the loop is not running (not the loop thread). */
    private void perform(Action action, String who, boolean onTestThread) {
        switch (action) {
            case Schedule s -> schedule(s.cb(), who);
            case CancelHandle c -> {
                Item h = handles[c.cb()];
                if (h == null) {
                    trace(who, "cancel C" + c.cb() + " -> not scheduled");
                    return;
                }
                h.cancelled = true;
                trace(who, "cancel C" + c.cb());
            }
            case CreateTask c -> {
                Tsk t = tasks[c.task()];
                if (t.created) {
                    trace(who, "create T" + c.task() + " -> exists");
                    return;
                }
                t.created = true;
                ready.addLast(new Item(() -> step(t)));
                trace(who, "create T" + c.task());
            }
            case CancelTask c -> {
                Tsk t = tasks[c.task()];
                if (!t.created) {
                    trace(who, "cancel T" + c.task() + " -> not created");
                    return;
                }
                boolean r = onTestThread || c.fromHelper() ? cancelTaskFromOtherThread(t) : cancelTaskOnLoop(t);
                trace(who, "cancel T" + c.task() + " -> " + r);
            }
            case Complete c -> {
                Fut f = futures[c.future()];
                boolean r = f.status == PENDING;
                if (r) complete(f, VALUE, "v" + c.future());
                trace(who, "complete F" + c.future() + " -> " + r);
            }
            case Fail c -> {
                Fut f = futures[c.future()];
                boolean r = f.status == PENDING;
                if (r) complete(f, FAILED, "F" + c.future());
                trace(who, "fail F" + c.future() + " -> " + r);
            }
            case CancelFuture c -> {
                Fut f = futures[c.future()];
                boolean r;
                if (onTestThread || c.fromHelper()) {
                    // from another thread: cancelled at once, its waiters woken by a hand-over to the loop
                    r = f.status == PENDING;
                    if (r) {
                        f.status = CANCELLED;
                        ready.addLast(new Item(() -> wakeWaiters(f)));
                    }
                } else {
                    r = cancelOnLoop(f);
                }
                trace(who, "cancel F" + c.future() + " -> " + r);
            }
            case Stop s -> {
                if (stopAllowed) stopping = true;
                trace(who, stopAllowed ? "stop" : "stop -> ignored");
            }
        }
    }

    private void perform(Action action, String who) {
        perform(action, who, false);
    }

    private void schedule(int i, String who) {
        if (handles[i] != null) {
            trace(who, "schedule C" + i + " -> already");
            return;
        }
        CallbackSpec spec = program.callbacks().get(i);
        Runnable callback = () -> runCallback(i);
        switch (spec.how()) {
            case SOON, THREADSAFE, THREADSAFE_HELPER -> {
                Item h = new Item(callback);
                ready.addLast(h);
                handles[i] = h;
            }
            case LATER -> handles[i] = addTimer(now + spec.param(), callback);
            case AT -> handles[i] = addTimer(2L * spec.param(), callback);
        }
        trace(who, "schedule C" + i);
    }

    private void runCallback(int i) {
        String who = "C" + i;
        trace(who, "run");
        for (Action a : program.callbacks().get(i).body()) perform(a, who);
    }

    // ------------------------------------------------------------------ futures

    private void complete(Fut f, int status, String value) {
        f.status = status;
        f.value = value;
        wakeWaiters(f);
    }

    private boolean cancelOnLoop(Fut f) {
        if (f.status != PENDING) return false;
        complete(f, CANCELLED, null);
        return true;
    }

    private void wakeWaiters(Fut f) {
        for (Tsk t : f.waiters) ready.addLast(new Item(() -> step(t)));
        f.waiters.clear();
    }

    // ------------------------------------------------------------------ tasks

    private boolean cancelTaskOnLoop(Tsk t) {
        if (t.done) return false;
        if (t.waitingOn != null && cancelOnLoop(t.waitingOn)) return true;
        if (!t.finishing) t.requested = true;
        return true;
    }

    private boolean cancelTaskFromOtherThread(Tsk t) {
        if (t.done) return false;
        t.requested = true;
        ready.addLast(new Item(() -> deliverCancel(t)));
        return true;
    }

    /** The hand-over of a remembered cancellation: cancels the awaited future, if any and pending. */
    private void deliverCancel(Tsk t) {
        if (t.requested && t.waitingOn != null && cancelOnLoop(t.waitingOn)) t.requested = false;
    }

    private void step(Tsk t) {
        if (t.done) return;
        if (!t.started) {
            if (t.requested) {
                t.requested = false;
                finish(t, "cancelled"); // cancelled before it started: the body, and its finally, never run
                return;
            }
            t.started = true;
            trace("T" + t.k, "start");
            proceed(t);
            return;
        }
        String who = "T" + t.k;
        Suspension s = t.suspension;
        t.suspension = null;
        Fut awaited = t.waitingOn;
        t.waitingOn = null;
        boolean cancelledHere = t.requested;
        t.requested = false;
        switch (s) {
            case YIELD -> {
                if (cancelledHere) {
                    throwOut(t, null);
                    return;
                }
                trace(who, t.ops.get(t.pc) instanceof Sleep ? "slept" : "yielded");
            }
            case SLEEP -> {
                t.sleepTimer.cancelled = true; // the sleep's finally cancels its timer
                if (cancelledHere || awaited.status == CANCELLED) {
                    throwOut(t, null);
                    return;
                }
                trace(who, "slept");
            }
            case AWAIT -> {
                if (cancelledHere) {
                    throwOut(t, null);
                    return;
                }
                if (!tookValue(t, awaited)) return;
            }
        }
        t.pc++;
        proceed(t);
    }

    /** The outcome of an awaited future that is done: its value is traced, or the task ends with its failure. */
    private boolean tookValue(Tsk t, Fut f) {
        switch (f.status) {
            case VALUE -> {
                trace("T" + t.k, "got " + f.value);
                return true;
            }
            case FAILED -> throwOut(t, f.value);
            default -> throwOut(t, null);
        }
        return false;
    }

    /** Runs the body from its current op until it suspends or ends. */
    private void proceed(Tsk t) {
        String who = "T" + t.k;
        for (; t.pc < t.ops.size(); t.pc++) {
            TaskOp op = t.ops.get(t.pc);
            switch (op) {
                case Sleep s when s.ms() > 0 -> {
                    Fut sleep = new Fut();
                    t.sleepTimer = addTimer(now + s.ms(), () -> {
                        if (sleep.status == PENDING) complete(sleep, VALUE, null);
                    });
                    suspend(t, sleep, Suspension.SLEEP);
                    return;
                }
                case Sleep s -> {
                    ready.addLast(new Item(() -> step(t)));
                    t.suspension = Suspension.YIELD;
                    return;
                }
                case Yield y -> {
                    ready.addLast(new Item(() -> step(t)));
                    t.suspension = Suspension.YIELD;
                    return;
                }
                case Await a -> {
                    Fut f = futures[a.future()];
                    if (f.status == PENDING) {
                        suspend(t, f, Suspension.AWAIT);
                        return;
                    }
                    if (!tookValue(t, f)) return; // a done future's failure is thrown at once, without suspending
                }
                case Do d -> perform(d.action(), who);
            }
        }
        trace(who, "return");
        trace(who, "finally");
        boolean cancelledAsItReturned = t.requested;
        t.requested = false;
        finish(t, cancelledAsItReturned ? "cancelled" : "value r" + t.k);
    }

    private void suspend(Tsk t, Fut f, Suspension kind) {
        t.waitingOn = f;
        f.waiters.add(t);
        t.suspension = kind;
        // Cancelled while running: the awaited future is cancelled by an entry that runs once the task has suspended.
        if (t.requested) ready.addLast(new Item(() -> deliverCancel(t)));
    }

    /** The body throws: a CancellationException ({@code failure == null}) or the awaited future's failure. */
    private void throwOut(Tsk t, String failure) {
        String who = "T" + t.k;
        trace(who, "threw " + (failure == null ? "CancellationException" : "ModelFailure"));
        trace(who, "finally");
        t.requested = false;
        finish(t, failure == null ? "cancelled" : "failed " + failure);
    }

    private void finish(Tsk t, String outcome) {
        t.finishing = true;
        t.done = true;
        t.outcome = outcome;
    }
}
