package io.loopfx.core.model;

import io.loopfx.core.Async;
import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Handle;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.LoopStats;
import io.loopfx.core.Task;
import io.loopfx.core.TimerHandle;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a {@link Program} on a real virtual-clock loop and records what happened: a trace (the same lines
 * {@link ReferenceModel} writes), the final outcome of every task and future, and violations of the
 * invariants that hold whatever the model says (a callback runs at most once and never after its handle was
 * cancelled, a timer never early, ready callbacks in scheduling order, a task's finally exactly once).
 */
final class RealRun {
    /** One model time unit: a millisecond of the virtual clock. */
    static final long UNIT = 1_000_000L;
    /** The drain phases' sentinel: far beyond any deadline a program can set. */
    static final int FAR = 1_000_000;

    /** The helper thread; callers block until its job is done, so its actions happen-before what follows. */
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-helper");
        t.setDaemon(true);
        return t;
    });

    /** The checked failure that {@link Program.Fail} puts into a future; await must rethrow it unchanged. */
    static final class ModelFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ModelFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final Program program;
    private final EventLoop loop = EventLoop.withVirtualClock();
    final List<String> trace = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final List<String> loopErrors = new ArrayList<>();
    final List<String> outcomes = new ArrayList<>();

    private final Handle[] handles = new Handle[Program.CALLBACKS];
    private final boolean[] handleCancelled = new boolean[Program.CALLBACKS];
    private final boolean[] cancelledBeforeRun = new boolean[Program.CALLBACKS];
    private final int[] runs = new int[Program.CALLBACKS];
    private final long[] readySeq = new long[Program.CALLBACKS]; // order of callSoon-like scheduling, 0: a timer
    private long readyCounter, lastReadyRun;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final Task<String>[] tasks = new Task[Program.TASKS];
    private final boolean[] started = new boolean[Program.TASKS];
    private final int[] finallies = new int[Program.TASKS];
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final LoopFuture<String>[] futures = new LoopFuture[Program.FUTURES];
    private boolean stopAllowed;
    private final Set<Long> timerDeadlinesRun = new HashSet<>();
    /** Whether two timer callbacks with the same deadline ran (for the test's coverage counts). */
    boolean equalDeadlinesRan;

    private RealRun(Program program) {
        this.program = program;
    }

    /** Runs the program to its end (including the final drains) and closes the loop. */
    static RealRun run(Program program) throws Exception {
        RealRun r = new RealRun(program);
        try {
            r.execute();
        } finally {
            if (!r.loop.isRunning()) r.loop.close();
        }
        return r;
    }

    private void execute() throws Exception {
        loop.setExceptionHandler((l, context) -> loopErrors.add(context.describe()));
        for (int i = 0; i < futures.length; i++) futures[i] = loop.createFuture();
        List<Phase> phases = program.phases();
        for (int p = 0; p < phases.size(); p++) {
            Phase phase = phases.get(p);
            String who = "setup" + p;
            for (Action a : phase.setup()) perform(a, who);
            long horizon = phase.horizon() * UNIT;
            switch (phase.mode()) {
                case FOREVER -> {
                    TimerHandle sentinel = loop.callLater(Duration.ofNanos(horizon), () -> {
                        trace("sentinel", "stop");
                        loop.stop();
                    });
                    stopAllowed = true;
                    loop.runForever();
                    stopAllowed = false;
                    sentinel.cancel();
                    trace("phase" + p, "runForever returned");
                }
                case UNTIL_FUTURE -> {
                    LoopFuture<String> f = futures[phase.future()];
                    TimerHandle guard = loop.callLater(Duration.ofNanos(horizon), () -> {
                        boolean completes = !f.isDone();
                        if (completes) f.setResult("guard");
                        trace("guard", "complete F" + phase.future() + " -> " + completes);
                    });
                    String outcome = runUntil(f);
                    guard.cancel();
                    trace("phase" + p, "runUntilComplete(F" + phase.future() + ") -> " + outcome);
                }
                case UNTIL_TASK -> {
                    int k = phase.task();
                    if (tasks[k] == null) perform(new CreateTask(k), who);
                    Task<String> t = tasks[k];
                    TimerHandle guard = loop.callLater(Duration.ofNanos(horizon),
                            () -> trace("guard", "cancel T" + k + " -> " + t.cancel()));
                    String outcome = runUntil(t);
                    guard.cancel();
                    trace("phase" + p, "runUntilComplete(T" + k + ") -> " + outcome);
                }
            }
        }
        drain("drain1");
        for (int k = 0; k < tasks.length; k++) {
            if (tasks[k] != null && !tasks[k].isDone()) trace("final", "cancel T" + k + " -> " + tasks[k].cancel());
        }
        drain("drain2");
        finalChecks();
    }

    private String runUntil(LoopFuture<String> f) throws Exception {
        try {
            return "value " + loop.runUntilComplete(f);
        } catch (CancellationException e) {
            return "cancelled";
        } catch (ModelFailure e) {
            return "failed " + e.getMessage();
        }
    }

    /** Runs until everything that can happen has happened: a sentinel beyond every deadline, stop() ignored. */
    private void drain(String who) {
        loop.callLater(Duration.ofNanos(FAR * UNIT), () -> {
            trace("sentinel", "stop");
            loop.stop();
        });
        loop.runForever();
        trace(who, "runForever returned");
    }

    private void finalChecks() {
        for (int i = 0; i < Program.CALLBACKS; i++) {
            if (handles[i] != null && runs[i] != (cancelledBeforeRun[i] ? 0 : 1)) {
                violations.add("C" + i + " ran " + runs[i] + " times by the end, expected "
                        + (cancelledBeforeRun[i] ? "0 (cancelled before it ran)" : "1"));
            }
        }
        for (int k = 0; k < Program.TASKS; k++) {
            Task<String> t = tasks[k];
            if (t == null) continue;
            if (!t.isDone()) violations.add("T" + k + " is still pending after being cancelled and drained: " + t);
            if (finallies[k] != (started[k] ? 1 : 0)) {
                violations.add("T" + k + "'s finally ran " + finallies[k] + " times; its body "
                        + (started[k] ? "ran" : "never ran"));
            }
        }
        LoopStats stats = loop.stats();
        if (stats.readyCallbacks() != 0 || stats.timers() != 0 || stats.liveTasks() != 0 || !loop.allTasks().isEmpty()) {
            violations.add("the drained loop still holds work: " + stats + ", tasks " + loop.allTasks());
        }
        for (int k = 0; k < Program.TASKS; k++) {
            outcomes.add("T" + k + " " + (tasks[k] == null ? "not created" : describe(tasks[k])));
        }
        for (int i = 0; i < Program.FUTURES; i++) outcomes.add("F" + i + " " + describe(futures[i]));
        outcomes.add("time " + time());
    }

    private static String describe(LoopFuture<String> f) {
        if (!f.isDone()) return "pending";
        if (f.isCancelled()) return "cancelled";
        Throwable e = f.exception(); // also marks a failure as retrieved: no report when it is collected
        return e != null ? "failed " + e.getMessage() : "value " + f.result();
    }

    // ------------------------------------------------------------------ actions

    private long time() {
        long t = loop.time();
        if (t % UNIT != 0) violations.add("the virtual clock stands between units: " + t);
        return t / UNIT;
    }

    private void trace(String who, String what) {
        trace.add("t=" + time() + " " + who + " " + what);
    }

    private void perform(Action action, String who) throws Exception {
        switch (action) {
            case Schedule s -> schedule(s.cb(), who);
            case CancelHandle c -> {
                Handle h = handles[c.cb()];
                if (h == null) {
                    trace(who, "cancel C" + c.cb() + " -> not scheduled");
                    return;
                }
                if (runs[c.cb()] == 0) cancelledBeforeRun[c.cb()] = true;
                handleCancelled[c.cb()] = true;
                if (c.fromHelper()) onHelper(() -> {
                    h.cancel();
                    return null;
                });
                else h.cancel();
                trace(who, "cancel C" + c.cb());
            }
            case CreateTask c -> {
                if (tasks[c.task()] != null) {
                    trace(who, "create T" + c.task() + " -> exists");
                    return;
                }
                tasks[c.task()] = loop.createTask("T" + c.task(), body(c.task()));
                trace(who, "create T" + c.task());
            }
            case CancelTask c -> {
                Task<String> t = tasks[c.task()];
                if (t == null) {
                    trace(who, "cancel T" + c.task() + " -> not created");
                    return;
                }
                boolean r = c.fromHelper() ? onHelper(t::cancel) : t.cancel();
                trace(who, "cancel T" + c.task() + " -> " + r);
            }
            case Complete c -> {
                LoopFuture<String> f = futures[c.future()];
                boolean r = !f.isDone();
                if (r) f.setResult("v" + c.future());
                trace(who, "complete F" + c.future() + " -> " + r);
            }
            case Fail c -> {
                LoopFuture<String> f = futures[c.future()];
                boolean r = !f.isDone();
                if (r) f.setException(new ModelFailure("F" + c.future()));
                trace(who, "fail F" + c.future() + " -> " + r);
            }
            case CancelFuture c -> {
                LoopFuture<String> f = futures[c.future()];
                boolean r = c.fromHelper() ? onHelper(f::cancel) : f.cancel();
                trace(who, "cancel F" + c.future() + " -> " + r);
            }
            case Stop s -> {
                if (stopAllowed) loop.stop();
                trace(who, stopAllowed ? "stop" : "stop -> ignored");
            }
        }
    }

    private void schedule(int i, String who) throws Exception {
        if (handles[i] != null) {
            trace(who, "schedule C" + i + " -> already");
            return;
        }
        CallbackSpec spec = program.callbacks().get(i);
        Runnable callback = () -> runCallback(i);
        switch (spec.how()) {
            case SOON -> handles[i] = loop.callSoon(callback);
            case THREADSAFE -> handles[i] = loop.callSoonThreadsafe(callback);
            case THREADSAFE_HELPER -> handles[i] = onHelper(() -> loop.callSoonThreadsafe(callback));
            case LATER -> {
                long expected = loop.time() + spec.param() * UNIT;
                TimerHandle h = loop.callLater(Duration.ofNanos(spec.param() * UNIT), callback);
                if (h.when() != expected) {
                    violations.add("C" + i + ": callLater's deadline is " + h.when() + ", not " + expected);
                }
                handles[i] = h;
            }
            case AT -> {
                TimerHandle h = loop.callAt(2L * spec.param() * UNIT, callback);
                if (h.when() != 2L * spec.param() * UNIT) violations.add("C" + i + ": callAt's deadline is " + h.when());
                handles[i] = h;
            }
        }
        if (!(handles[i] instanceof TimerHandle)) readySeq[i] = ++readyCounter;
        trace(who, "schedule C" + i);
    }

    private void runCallback(int i) {
        String who = "C" + i;
        if (++runs[i] > 1) violations.add(who + " ran " + runs[i] + " times");
        if (handleCancelled[i]) violations.add(who + " ran although its handle was cancelled before");
        if (handles[i] instanceof TimerHandle h) {
            if (loop.time() < h.when()) violations.add(who + " ran early: at " + loop.time() + ", deadline " + h.when());
            if (!timerDeadlinesRun.add(h.when())) equalDeadlinesRan = true;
        }
        if (readySeq[i] != 0) {
            if (readySeq[i] < lastReadyRun) violations.add(who + " ran after a callback scheduled later (FIFO broken)");
            lastReadyRun = readySeq[i];
        }
        trace(who, "run");
        try {
            for (Action a : program.callbacks().get(i).body()) perform(a, who);
        } catch (Exception e) {
            violations.add(who + " threw " + e);
        }
    }

    private Coroutine<String> body(int k) {
        List<TaskOp> ops = program.tasks().get(k).ops();
        String who = "T" + k;
        return () -> {
            started[k] = true;
            trace(who, "start");
            try {
                for (TaskOp op : ops) {
                    switch (op) {
                        case Sleep s -> {
                            long t0 = loop.time();
                            Async.sleep(Duration.ofNanos(s.ms() * UNIT));
                            if (loop.time() - t0 < s.ms() * UNIT) {
                                violations.add(who + " woke early from sleep " + s.ms() + " after "
                                        + (loop.time() - t0) + " ns");
                            }
                            trace(who, "slept");
                        }
                        case Yield y -> {
                            Async.yieldNow();
                            trace(who, "yielded");
                        }
                        case Await a -> trace(who, "got " + Async.await(futures[a.future()]));
                        case Do d -> perform(d.action(), who);
                    }
                }
                trace(who, "return");
                return "r" + k;
            } catch (CancellationException | ModelFailure e) {
                trace(who, "threw " + e.getClass().getSimpleName());
                throw e;
            } finally {
                finallies[k]++;
                trace(who, "finally");
            }
        };
    }

    private static <T> T onHelper(Callable<T> job) throws Exception {
        try {
            return HELPER.submit(job).get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
