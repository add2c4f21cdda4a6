package io.loopfx.fx;

import io.loopfx.core.Async;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Handle;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.fx.FxFuzzProgram.Ctx;
import io.loopfx.fx.FxFuzzProgram.Op;
import io.loopfx.fx.FxFuzzProgram.Outcome;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one {@link FxFuzzProgram} on the FX loop and keeps the books: what each operation created, whether it ran,
 * was cancelled, returned what it had to. Everything but {@link #violations} and {@link #reports} belongs to the FX
 * thread. {@link #outstanding()} says what the program still waits for (empty once it has ended), {@link #problems()}
 * what went wrong.
 */
final class FxFuzzRun {
    /** What a program throws on purpose; {@code id} is the operation or task that threw it. */
    static final class FuzzException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int id;

        FuzzException(int id) {
            super("thrown on purpose by #" + id, null, false, false);
            this.id = id;
        }
    }

    /** The books of one operation and what it created. */
    private static final class Entity {
        final int id;
        final String kind;
        boolean scheduled;
        int runs;
        boolean cancelledBeforeRun;
        volatile Handle handle; // set on the helper thread for callSoonThreadsafe
        Task<?> task;
        boolean viaHandler, handlerPending, started, cancelRequested, cancelledBeforeStart, threw, done;
        boolean cancelledFromHelper; // a callback: it may not run, and whether it does is a race
        volatile boolean offThreadReturned = true; // a task run from another thread: its caller has returned
        int finallyRuns;
        LoopFuture<?> future;
        boolean needsDoneCallback, doneCallbackRan;
        int phase; // nested loops and dialogs: 0 not entered yet, 1 open, 2 returned
        Entity awaiting; // a task: the child task it awaits right now

        Entity(int id, String kind) {
            this.id = id;
            this.kind = kind;
        }
    }

    private static final Duration RETRY = Duration.ofMillis(2);

    final List<String> violations = new CopyOnWriteArrayList<>();
    final List<ErrorContext> reports = new CopyOnWriteArrayList<>();
    final Map<String, Integer> features = new LinkedHashMap<>(); // FX thread

    private final FxEventLoop loop;
    private final Executor helper;
    private final List<Op> program;
    private final Map<Integer, Entity> entities = new LinkedHashMap<>();
    private final List<Dialog<String>> dialogs = new ArrayList<>();
    private volatile boolean rootRan;
    private int pendingInternal; // timers that complete futures, stop runForever and close dialogs
    private int openFrames, deepest;
    private int dialogsClosed; // by the closing timers
    private boolean dialogLeavingAfterOurRun; // see mayJamShowAndWait()
    private final AtomicInteger stopsIssued = new AtomicInteger(); // the helper thread stops too
    private final AtomicInteger stopsDone = new AtomicInteger(); // stop() calls that have returned
    private final AtomicInteger helperPending = new AtomicInteger(); // actions handed to the helper, not done yet
    private int expectedReports;

    FxFuzzRun(FxEventLoop loop, Executor helper, List<Op> program) {
        this.loop = loop;
        this.helper = helper;
        this.program = program;
    }

    /** Posts the program's first event handler. Any thread. */
    void start() {
        Platform.runLater(() -> {
            Entity root = create(0, "handler");
            root.scheduled = true;
            rootRan = true;
            runHandler(root, program, Ctx.HANDLER);
        });
    }

    void feature(String name) {
        features.merge(name, 1, Integer::sum);
    }

    // ------------------------------------------------------------------ operations

    private void exec(List<Op> ops, Ctx ctx, Entity self) throws Exception {
        for (Op op : ops) exec(op, ctx, self);
    }

    private void exec(Op op, Ctx ctx, Entity self) throws Exception {
        switch (op) {
            case FxFuzzProgram.Run r -> run(r);
            case FxFuzzProgram.CallLater c -> {
                Entity e = create(c.id(), "callLater");
                e.scheduled = true;
                e.handle = loop.callLater(Duration.ofMillis(c.ms()), callback(e, c.body()));
            }
            case FxFuzzProgram.Spawn s -> spawn(s);
            case FxFuzzProgram.Cancel c -> cancel(c.target(), c.fromHelper(), self);
            case FxFuzzProgram.Stop s -> {
                Runnable stop = () -> {
                    stopsIssued.incrementAndGet(); // before stop(): a runForever it ends sees the count changed
                    loop.stop();
                    stopsDone.incrementAndGet();
                };
                if (s.fromHelper()) onHelper(stop);
                else stop.run();
            }
            case FxFuzzProgram.RunUntil u -> runUntil(u, ctx, self);
            case FxFuzzProgram.RunForever f -> runForever(f, ctx, self);
            case FxFuzzProgram.ShowAndWait d -> showAndWait(d, ctx, self);
            case FxFuzzProgram.ShowAsync a -> showAsync(a, ctx, self);
            case FxFuzzProgram.Refused r -> refused(r, ctx);
            case FxFuzzProgram.Throw t -> {
                if (ctx == Ctx.TASK) {
                    self.threw = true;
                    if (self.viaHandler) expectedReports++; // FxAsync.handler reports its task's failure
                    feature(self.viaHandler ? "an FxAsync.handler task throws" : "a task throws");
                    throw new FuzzException(self.id);
                }
                expectedReports++;
                feature("a callback throws");
                throw new FuzzException(0);
            }
            case FxFuzzProgram.Sleep s -> {
                try {
                    if (s.ms() == 0) Async.yieldNow();
                    else Async.sleep(Duration.ofMillis(s.ms()));
                } catch (CancellationException x) {
                    if (!self.cancelRequested) violation("task #" + self.id + ": sleep threw a CancellationException, but nothing cancelled the task");
                    throw x;
                }
            }
            case FxFuzzProgram.Await a -> await(a, self);
            case FxFuzzProgram.AwaitTask a -> awaitTask(a, self);
        }
    }

    /** Runs {@code r}'s body later, the way it says. */
    private void run(FxFuzzProgram.Run r) {
        switch (r.how()) {
            case CALL_SOON -> {
                Entity e = create(r.id(), "callSoon");
                e.scheduled = true;
                e.handle = loop.callSoon(callback(e, r.body()));
            }
            case THREADSAFE -> {
                Entity e = create(r.id(), "callSoonThreadsafe");
                e.scheduled = true;
                Runnable cb = callback(e, r.body());
                onHelper(() -> e.handle = loop.callSoonThreadsafe(cb));
            }
            case HANDLER -> {
                Entity e = create(r.id(), "handler");
                e.scheduled = true;
                Platform.runLater(() -> runHandler(e, r.body(), Ctx.HANDLER));
            }
            case PULSE -> {
                Entity e = create(r.id(), "handler");
                e.scheduled = true;
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        stop();
                        runHandler(e, r.body(), Ctx.PULSE);
                    }
                }.start();
            }
            case OFF_THREAD -> offThreadRun(r);
        }
    }

    private Runnable callback(Entity e, List<Op> body) {
        return () -> {
            if (e.cancelledBeforeRun) violation(e.kind + " #" + e.id + " ran after its handle was cancelled");
            if (e.runs++ > 0) {
                violation(e.kind + " #" + e.id + " ran twice");
                return;
            }
            feature(e.kind + " ran");
            try {
                exec(body, Ctx.CALLBACK, null);
            } catch (RuntimeException | Error x) {
                throw x; // the loop reports it; a FuzzException is expected, anything else is not
            } catch (Exception x) {
                throw new IllegalStateException("unexpected checked exception in callback #" + e.id, x);
            }
        };
    }

    private void runHandler(Entity e, List<Op> body, Ctx ctx) {
        if (e.runs++ > 0) {
            violation("handler #" + e.id + " ran twice");
            return;
        }
        feature(ctx == Ctx.PULSE ? "a pulse ran" : Async.currentTaskOrNull() != null
                ? "a handler ran inside a task's nested loop" : "a handler ran");
        try {
            exec(body, ctx, null);
        } catch (Throwable x) {
            violation("handler #" + e.id + " threw " + stack(x));
        }
    }

    private void spawn(FxFuzzProgram.Spawn s) {
        Entity e = create(s.id(), "task");
        e.viaHandler = s.viaHandler();
        if (!s.viaHandler()) {
            e.task = loop.createTask("fuzz-" + s.id(), () -> taskBody(e, s.body()));
            e.task.addDoneCallback(t -> taskDone(e));
            return;
        }
        e.handlerPending = true;
        FxAsync.<ActionEvent>handler(event -> {
            e.handlerPending = false;
            e.task = Async.currentTask();
            e.task.addDoneCallback(t -> taskDone(e));
            taskBody(e, s.body());
        }).handle(new ActionEvent());
    }

    /**
     * Another thread blocks in {@code runUntilComplete(body)}: it must get the task's value, or its failure, or a
     * CancellationException if it was cancelled.
     */
    private void offThreadRun(FxFuzzProgram.Run o) {
        Entity e = create(o.id(), "task");
        e.handlerPending = true;
        e.offThreadReturned = false;
        Thread caller = new Thread(() -> {
            try {
                Object v = loop.runUntilComplete(() -> {
                    e.handlerPending = false;
                    e.task = Async.currentTask();
                    e.task.addDoneCallback(t -> taskDone(e));
                    return taskBody(e, o.body());
                });
                if (!Objects.equals(v, o.id())) violation("runUntilComplete #" + o.id() + " from another thread returned " + v);
            } catch (FuzzException x) {
                if (x.id != o.id()) violation("runUntilComplete #" + o.id() + " from another thread threw " + x);
            } catch (CancellationException x) {
                if (!e.cancelRequested) violation("runUntilComplete #" + o.id() + " from another thread threw " + x + ", but nothing cancelled its task");
            } catch (Throwable x) {
                violation("runUntilComplete #" + o.id() + " from another thread threw " + stack(x));
            } finally {
                e.offThreadReturned = true;
            }
        }, "fuzz-off-thread-" + o.id());
        caller.setDaemon(true);
        caller.start();
        feature("runUntilComplete from another thread");
    }

    /** Runs {@code action} on the helper thread; the program has not ended until it has run. */
    private void onHelper(Runnable action) {
        helperPending.incrementAndGet();
        helper.execute(() -> {
            try {
                action.run();
            } catch (Throwable t) {
                violation("the helper thread's action threw " + stack(t));
            } finally {
                helperPending.decrementAndGet();
            }
        });
    }

    private Object taskBody(Entity e, List<Op> body) throws Exception {
        e.started = true;
        try {
            exec(body, Ctx.TASK, e);
            return e.id;
        } finally {
            e.finallyRuns++;
        }
    }

    private void taskDone(Entity e) {
        e.done = true;
        Task<?> t = e.task;
        feature("a task ended");
        if (e.finallyRuns != (e.started ? 1 : 0)) {
            violation("task #" + e.id + ": its finally ran " + e.finallyRuns + " time(s), its body " + (e.started ? "started" : "never started"));
        }
        if (e.cancelledBeforeStart && e.started) violation("task #" + e.id + " ran although it was cancelled before it started");
        if (t.isCancelled()) {
            if (!e.cancelRequested) violation("task #" + e.id + " ended cancelled, but nothing cancelled it");
            if (e.viaHandler && e.threw) expectedReports--; // a cancellation is not reported
        } else if (t.exception() != null) {
            Throwable x = t.exception();
            if (!(x instanceof FuzzException f && f.id == e.id)) violation("task #" + e.id + " failed with " + stack(x));
            if (e.cancelledBeforeStart) violation("task #" + e.id + " was cancelled before it started but failed: " + x);
        } else {
            if (!Objects.equals(t.result(), e.viaHandler ? null : e.id)) violation("task #" + e.id + " returned " + t.result());
            if (e.cancelledBeforeStart) violation("task #" + e.id + " was cancelled before it started but returned");
        }
    }

    private void cancel(int target, boolean fromHelper, Entity self) {
        Entity e = entities.get(target);
        if (e == null) return; // not created (yet)
        if (fromHelper) {
            cancelFromHelper(e);
            return;
        }
        switch (e.kind) {
            case "callSoon", "callLater", "callSoonThreadsafe" -> {
                Handle h = e.handle;
                if (h == null) return;
                h.cancel();
                if (e.runs == 0) {
                    e.cancelledBeforeRun = true;
                    feature("cancel: a callback before it ran");
                }
            }
            case "task" -> {
                Task<?> t = e.task;
                if (t == null || t.isDone()) return;
                e.cancelRequested = true;
                if (!e.started) {
                    e.cancelledBeforeStart = true;
                    feature("cancel: a task before it started");
                } else {
                    feature(e == self ? "cancel: a task cancels itself" : "cancel: a running task");
                }
                t.cancel();
                // as in asyncio, cancelling a task cancels what it awaits: the child task it waits for, and so on
                for (Entity c = e.awaiting; c != null; c = c.awaiting) c.cancelRequested = true;
            }
            case "future" -> {
                LoopFuture<?> f = e.future;
                if (f == null || f.isDone()) return;
                feature("cancel: a future that is awaited or run until complete");
                f.cancel();
            }
            default -> {
                // handlers, runForever and dialogs are not cancellable
            }
        }
    }

    /** The same from the helper thread: whether a callback still runs is a race; a task's cancellation is requested. */
    private void cancelFromHelper(Entity e) {
        switch (e.kind) {
            case "callSoon", "callLater", "callSoonThreadsafe" -> {
                Handle h = e.handle;
                if (h == null) return;
                e.cancelledFromHelper = true;
                feature("cancel from another thread: a callback");
                onHelper(h::cancel);
            }
            case "task" -> {
                Task<?> t = e.task;
                if (t == null || t.isDone()) return;
                e.cancelRequested = true; // before the helper acts: the task may see it at once
                for (Entity c = e.awaiting; c != null; c = c.awaiting) c.cancelRequested = true;
                feature("cancel from another thread: a task");
                onHelper(() -> t.cancel(true));
            }
            case "future" -> {
                LoopFuture<?> f = e.future;
                if (f == null || f.isDone()) return;
                feature("cancel from another thread: a future");
                onHelper(() -> f.cancel(true));
            }
            default -> {
            }
        }
    }

    /** Completes {@code f} the way {@code outcome} says, {@code ms} from now, unless it is done by then. */
    private void completeLater(LoopFuture<Object> f, int ms, Outcome outcome, int id) {
        pendingInternal++;
        loop.callLater(Duration.ofMillis(ms), () -> {
            pendingInternal--;
            if (f.isDone()) return;
            switch (outcome) {
                case VALUE -> f.setResult("v" + id);
                case ERROR -> {
                    f.setException(new FuzzException(id)); // does nothing if the helper's cancel won just now
                    if (!f.isCancelled()) f.exception(); // seen: a waiter cancelled meanwhile never looks
                }
                case CANCEL -> f.cancel();
            }
        });
    }

    private void runUntil(FxFuzzProgram.RunUntil u, Ctx ctx, Entity self) throws Exception {
        Entity e = create(u.id(), "future");
        LoopFuture<Object> f = loop.createFuture();
        e.future = f;
        completeLater(f, u.ms(), u.outcome(), u.id());
        exec(u.body(), ctx, self);
        feature("runUntilComplete in a " + where(ctx));
        inFrame(0, () -> {
            try {
                Object v = loop.runUntilComplete(f);
                if (!f.isDone() || f.isCancelled() || f.exception() != null || !("v" + u.id()).equals(v)) {
                    violation("runUntilComplete #" + u.id() + " returned " + v + " with its future " + f);
                }
            } catch (FuzzException x) {
                if (x.id != u.id() || f.isCancelled() || f.exception() != x) violation("runUntilComplete #" + u.id() + " threw " + x + " with its future " + f);
            } catch (CancellationException x) {
                if (!f.isCancelled()) violation("runUntilComplete #" + u.id() + " threw " + x + ", but its future is " + f);
            }
        });
    }

    private void runForever(FxFuzzProgram.RunForever r, Ctx ctx, Entity self) throws Exception {
        Entity e = create(r.id(), "runForever");
        pendingInternal++;
        loop.callLater(Duration.ofMillis(r.ms()), new Runnable() {
            @Override
            public void run() { // stops the innermost runForever until this one has returned
                if (e.phase == 2) {
                    pendingInternal--;
                    return;
                }
                if (e.phase == 1) {
                    stopsIssued.incrementAndGet();
                    loop.stop();
                    stopsDone.incrementAndGet();
                }
                loop.callLater(RETRY, this);
            }
        });
        try { // phase 2 also if the setup throws (a cancelled task): the stopper then gives up
            exec(r.body(), ctx, self);
            feature("runForever in a " + where(ctx));
            e.phase = 1;
            // A stop() of the helper thread counted before this run began may land after it: only stops that had
            // returned before it began cannot have ended it.
            int stopsDoneBefore = stopsDone.get();
            inFrame(0, () -> {
                loop.runForever();
                if (stopsIssued.get() == stopsDoneBefore) violation("runForever #" + r.id() + " returned, but nothing called stop() since it began");
            });
        } finally {
            e.phase = 2;
        }
    }

    private void showAndWait(FxFuzzProgram.ShowAndWait d, Ctx ctx, Entity self) throws Exception {
        Entity e = create(d.id(), "dialog");
        Dialog<String> dialog = dialog(d.id());
        closeLater(e, dialog, d.ms());
        try { // phase 2 also if the setup throws (a cancelled task): the closer then gives up
            exec(d.body(), ctx, self);
            if (mayJamShowAndWait()) {
                // Out of loopfx's reach (docs/reliability.md): while a dialog's nested loop is leaving, a showAndWait
                // jams GTK's FX thread. The loop keeps its own runs and its next callbacks out of that window (it
                // ends the iteration), but not code that blocks in the same callback or handler.
                feature("showAndWait skipped: a dialog's nested loop may be leaving");
                return;
            }
            if (!Platform.canStartNestedEventLoop()) {
                // An FxAsync.handler called in a pulse runs its task's first lines right there (an eager start,
                // as documented): JavaFX refuses a nested loop in a pulse, so showAndWait throws and the task goes on.
                try {
                    dialog.showAndWait();
                    violation("showAndWait #" + d.id() + " inside a pulse was not refused");
                } catch (IllegalStateException x) {
                    if (!x.getMessage().contains("animation or layout processing")) {
                        violation("showAndWait #" + d.id() + " inside a pulse threw " + stack(x));
                    }
                    feature("showAndWait refused: an eager handler's task still inside a pulse");
                }
                return;
            }
            feature("showAndWait in a " + where(ctx));
            e.phase = 1;
            inFrame(1, () -> { // its own closing does not count: its loop has returned
                Optional<String> answer = dialog.showAndWait();
                if (!answer.equals(Optional.of("closed-" + d.id()))) violation("showAndWait #" + d.id() + " returned " + answer);
            });
        } finally {
            e.phase = 2;
        }
    }

    private void showAsync(FxFuzzProgram.ShowAsync a, Ctx ctx, Entity self) throws Exception {
        Entity e = create(a.id(), "future");
        Dialog<String> dialog = dialog(a.id());
        LoopFuture<Optional<String>> f = FxAsync.showAsync(dialog);
        e.future = f;
        e.phase = 1;
        closeLater(e, dialog, a.ms());
        Optional<String> expected = Optional.of("closed-" + a.id());
        if (ctx == Ctx.TASK) {
            feature("showAsync awaited in a task");
            try {
                Optional<String> answer = Async.await(f);
                if (!answer.equals(expected)) violation("showAsync #" + a.id() + " gave " + answer);
            } catch (CancellationException x) {
                cancelledWhileAwaiting(self, f, "showAsync #" + a.id(), x);
            }
            return;
        }
        feature("showAsync in a " + where(ctx));
        e.needsDoneCallback = true;
        f.addDoneCallback(x -> {
            e.doneCallbackRan = true;
            if (!x.isCancelled() && !x.result().equals(expected)) violation("showAsync #" + a.id() + " gave " + x.result());
        });
    }

    /** Closes {@code dialog} once it shows, {@code ms} from now; gives up once it has returned or its future is done. */
    private void closeLater(Entity e, Dialog<String> dialog, int ms) {
        pendingInternal++;
        loop.callLater(Duration.ofMillis(ms), new Runnable() {
            @Override
            public void run() {
                boolean gone = e.phase == 2 || (e.future != null && e.future.isDone());
                if (!gone && e.phase == 1 && dialog.isShowing()) {
                    dialog.setResult("closed-" + e.id);
                    dialogsClosed++;
                    dialog.close();
                    gone = true;
                }
                if (gone) pendingInternal--;
                else loop.callLater(RETRY, this);
            }
        });
    }

    private Dialog<String> dialog(int id) {
        Dialog<String> d = new Dialog<>();
        d.setTitle("fuzz #" + id);
        d.setContentText("closed by a timer of the program");
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialogs.add(d);
        return d;
    }

    private void refused(FxFuzzProgram.Refused r, Ctx ctx) {
        int variant = ctx == Ctx.TASK || ctx == Ctx.PULSE ? r.variant() : 2;
        String fragment = switch (variant) {
            case 0 -> "Async.await";
            case 1 -> "was called inside task";
            case 3, 4 -> "pulse";
            case 5 -> "not allowed during animation or layout processing";
            default -> "EventLoop.run() was called";
        };
        try {
            switch (variant) {
                case 0, 3 -> loop.runUntilComplete(loop.createFuture());
                case 1, 4 -> loop.runForever();
                case 5 -> dialog(0).showAndWait();
                default -> EventLoop.run(() -> 1);
            }
            violation("a nested run in a " + where(ctx) + " was not refused");
        } catch (IllegalStateException x) {
            feature("refused in a " + where(ctx));
            if (!x.getMessage().contains(fragment)) violation("refused with an unexpected message: " + x.getMessage());
        } catch (Exception x) {
            violation("refused with " + stack(x));
        }
    }

    private void await(FxFuzzProgram.Await a, Entity self) throws Exception {
        Entity e = create(a.id(), "future");
        LoopFuture<Object> f = loop.createFuture();
        e.future = f;
        completeLater(f, a.ms(), a.outcome(), a.id());
        try {
            Object v = Async.await(f);
            if (!("v" + a.id()).equals(v)) violation("await #" + a.id() + " returned " + v);
        } catch (FuzzException x) {
            if (x.id != a.id()) violation("await #" + a.id() + " threw " + x);
        } catch (CancellationException x) {
            cancelledWhileAwaiting(self, f, "await #" + a.id(), x);
        }
    }

    private void awaitTask(FxFuzzProgram.AwaitTask a, Entity self) throws Exception {
        spawn(a.child());
        Entity child = entities.get(a.child().id());
        self.awaiting = child;
        // a cancellation pending in this task cancels the child when the await begins (asyncio's rule)
        if (self.cancelRequested) child.cancelRequested = true;
        try {
            Object v = Async.await(child.task);
            if (!Objects.equals(v, child.id)) violation("awaiting task #" + child.id + " returned " + v);
        } catch (FuzzException x) {
            if (x.id != child.id) violation("awaiting task #" + child.id + " threw " + x);
        } catch (CancellationException x) {
            cancelledWhileAwaiting(self, child.task, "awaiting task #" + child.id, x);
        } finally {
            self.awaiting = null;
        }
    }

    /** An await threw a CancellationException: the task's own cancellation goes on; the awaited one's is caught. */
    private void cancelledWhileAwaiting(Entity self, LoopFuture<?> awaited, String what, CancellationException x) {
        if (self.cancelRequested) throw x;
        if (!awaited.isCancelled()) violation(what + " threw a CancellationException, but neither the task nor what it awaited was cancelled");
        feature("an awaited future or task was cancelled");
    }

    // ------------------------------------------------------------------ books

    private Entity create(int id, String kind) {
        if (entities.containsKey(id)) violation("operation #" + id + " ran twice");
        Entity e = new Entity(id, kind);
        entities.put(id, e);
        return e;
    }

    /**
     * True where a {@code showAndWait} may jam GTK's FX thread (JavaFX 21, JDK-8285893; not something loopfx can
     * prevent, see docs/reliability.md): a dialog's nested loop may be leaving, because a dialog was hidden in this
     * slice (FxFrames knows) or while a nested run of this program that has just returned was open (this run knows:
     * only its timers close dialogs). Until a runLater runs again.
     */
    private boolean mayJamShowAndWait() {
        return dialogLeavingAfterOurRun || FxEventLoop.nestedLoopMayJam();
    }

    /** A nested run: a runUntilComplete, runForever or showAndWait of the program. */
    @FunctionalInterface
    private interface Nested {
        void run() throws Exception;
    }

    /**
     * Runs {@code nested} as one of the program's nested loops. If a dialog other than its own ({@code ownCloses}) was
     * closed while it was open, that dialog's loop may be leaving once it returns.
     */
    private void inFrame(int ownCloses, Nested nested) throws Exception {
        openFrames++;
        deepest = Math.max(deepest, openFrames);
        if (openFrames >= 3) feature("three or more nested loops open at once");
        int closedBefore = dialogsClosed + ownCloses;
        try {
            nested.run();
        } finally {
            openFrames--;
            if (dialogsClosed != closedBefore && !dialogLeavingAfterOurRun) {
                dialogLeavingAfterOurRun = true;
                Platform.runLater(() -> dialogLeavingAfterOurRun = false);
            }
        }
    }

    private static String where(Ctx ctx) {
        return switch (ctx) {
            case CALLBACK -> "callback";
            case HANDLER -> Async.currentTaskOrNull() != null ? "handler inside a task's nested loop" : "handler";
            case TASK -> "task";
            case PULSE -> "pulse";
        };
    }

    void violation(String what) {
        violations.add(what);
    }

    /** FX thread: what the program still waits for; empty once it has ended. */
    List<String> outstanding() {
        List<String> out = new ArrayList<>();
        if (!rootRan) out.add("its first handler has not run");
        for (Entity e : entities.values()) {
            switch (e.kind) {
                case "callSoon", "callLater", "callSoonThreadsafe", "handler" -> {
                    // cancelled from the helper, which has acted (checked below): it ran, or it never will
                    if (e.scheduled && e.runs == 0 && !e.cancelledBeforeRun && !e.cancelledFromHelper) {
                        out.add(e.kind + " #" + e.id + " has not run");
                    }
                }
                case "task" -> {
                    if (!e.offThreadReturned) out.add("the caller of runUntilComplete #" + e.id + " on another thread has not returned");
                    if (e.handlerPending) out.add("the task of #" + e.id + " has not started");
                    else if (!e.done) out.add("task #" + e.id + " is not done: " + e.task + ", waiting on " + e.task.waitingOn());
                }
                default -> {
                    if (e.needsDoneCallback && !e.doneCallbackRan) out.add("the future of showAsync #" + e.id + " is not done");
                    if (e.phase == 1 && !e.kind.equals("future")) out.add(e.kind + " #" + e.id + " has not returned");
                }
            }
        }
        if (helperPending.get() > 0) out.add(helperPending.get() + " action(s) of the helper thread have not run");
        if (pendingInternal > 0) out.add(pendingInternal + " timer(s) that complete futures, stop runForever or close dialogs have not finished");
        if (openFrames > 0) out.add(openFrames + " nested loop(s) of the program still open");
        if (loop.nestingDepth() > 0) out.add("the loop's open calls: " + loop.openCalls());
        for (Dialog<String> d : dialogs) if (d.isShowing()) out.add("dialog '" + d.getTitle() + "' is showing");
        return out;
    }

    /** After the program ended: every broken promise, unexpected report and uncaught exception. */
    List<String> problems() {
        List<String> out = new ArrayList<>(violations);
        int expected = 0;
        for (ErrorContext c : reports) {
            if (c.exception() instanceof FuzzException) expected++;
            else out.add("unexpected report to the loop's exception handler: " + c.describe() + (c.exception() == null ? "" : "\n" + stack(c.exception())));
        }
        if (expected != expectedReports) out.add("the loop reported " + expected + " failure(s) thrown on purpose; the program threw " + expectedReports);
        return out;
    }

    /** FX thread: the deepest nesting of the program's own loops. */
    int deepest() {
        return deepest;
    }

    static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
