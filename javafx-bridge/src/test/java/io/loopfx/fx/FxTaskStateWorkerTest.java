package io.loopfx.fx;

import io.loopfx.core.Async;
import javafx.concurrent.Service;
import javafx.concurrent.Worker;
import javafx.concurrent.Worker.State;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link FxTaskState} is a {@link Worker} that behaves as {@link javafx.concurrent.Task} does: every scenario runs
 * against both, the real {@code javafx.concurrent.Task} being the reference, so that the mirror cannot drift. The
 * body is the same script for both: it reports a title, a message and progress, then waits for a gate (the
 * reference on its worker thread, the loopfx task by awaiting it on the FX thread) and returns its value or fails.
 */
class FxTaskStateWorkerTest {
    private static final String VALUE = "copied";

    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    /** The two implementations of Worker under test. */
    enum Kind {
        /** FxTaskState: a task of the FX loop. */
        LOOPFX,
        /** javafx.concurrent.Task, scheduled by a Service whose executor holds it until the test lets it run. */
        JAVAFX_TASK
    }

    /** What the body does and how far it got; the same for both kinds. */
    static final class Script {
        final CompletableFuture<String> gate = new CompletableFuture<>();
        final CompletableFuture<Void> waiting = new CompletableFuture<>();
        final CompletableFuture<Void> finallyRan = new CompletableFuture<>();
        volatile boolean began;

        String run(Reporter r) throws Exception {
            began = true;
            try {
                r.title("copy");
                r.message("part 1 of 4");
                r.progress(1, 4);
                waiting.complete(null);
                return r.awaitGate(gate);
            } finally {
                finallyRan.complete(null);
            }
        }
    }

    /** How a body reports and waits, per kind. */
    interface Reporter {
        void title(String t);

        void message(String m);

        void progress(double done, double max);

        String awaitGate(CompletableFuture<String> gate) throws Exception;
    }

    /** A worker under test and how to drive it. Every method but letBodyBegin and settle runs on the FX thread. */
    interface Subject {
        Worker<String> worker();

        /** READY -> SCHEDULED; the body does not begin before this call returns. */
        void start();

        /** Lets a SCHEDULED body begin (the loop begins it by itself, a slice after start). Test thread. */
        void letBodyBegin();

        /** Reports from the FX thread, as the body would there. */
        void report(double done, double max, String title, String message);

        /** Waits until the body has ended and whatever it posted to the FX thread has been handled. Test thread. */
        void settle() throws Exception;
    }

    private static Subject subject(Kind kind, Script script) {
        return kind == Kind.LOOPFX ? new LoopfxSubject(script) : new ReferenceSubject(script);
    }

    private static final class LoopfxSubject implements Subject {
        final FxTaskState<String> state;

        LoopfxSubject(Script script) {
            state = FxTaskState.create("copy", s -> script.run(new Reporter() {
                public void title(String t) {
                    s.updateTitle(t);
                }

                public void message(String m) {
                    s.updateMessage(m);
                }

                public void progress(double done, double max) {
                    s.updateProgress(done, max);
                }

                public String awaitGate(CompletableFuture<String> gate) throws Exception {
                    return Async.await(gate);
                }
            }));
        }

        public Worker<String> worker() {
            return state;
        }

        public void start() {
            state.start();
        }

        public void letBodyBegin() {
        }

        public void report(double done, double max, String title, String message) {
            state.updateProgress(done, max);
            state.updateTitle(title);
            state.updateMessage(message);
        }

        public void settle() throws Exception {
            waitUntilFx("the loop task ended", () -> state.task() == null || state.task().isDone());
            FxEventLoop.get().submit(() -> null).get(TIMEOUT_SECONDS, TimeUnit.SECONDS); // after its done callbacks
        }
    }

    /** The reference: a javafx.concurrent.Task whose call() is the script. */
    private static final class ReferenceTask extends javafx.concurrent.Task<String> {
        private final Script script;

        ReferenceTask(Script script) {
            this.script = script;
        }

        @Override
        protected String call() throws Exception {
            return script.run(new Reporter() {
                public void title(String t) {
                    updateTitle(t);
                }

                public void message(String m) {
                    updateMessage(m);
                }

                public void progress(double done, double max) {
                    updateProgress(done, max);
                }

                public String awaitGate(CompletableFuture<String> gate) throws Exception {
                    try {
                        return gate.get();
                    } catch (ExecutionException e) {
                        throw (Exception) e.getCause();
                    }
                }
            });
        }

        void report(double done, double max, String title, String message) {
            updateProgress(done, max);
            updateTitle(title);
            updateMessage(message);
        }
    }

    private static final class ReferenceSubject implements Subject {
        final ReferenceTask task;
        volatile Runnable held;
        volatile Thread thread;

        ReferenceSubject(Script script) {
            task = new ReferenceTask(script);
        }

        public Worker<String> worker() {
            return task;
        }

        public void start() {
            // Service.start() is what moves a javafx.concurrent.Task to SCHEDULED; this executor holds it there.
            Service<String> service = new Service<>() {
                @Override
                protected javafx.concurrent.Task<String> createTask() {
                    return task;
                }
            };
            service.setExecutor(r -> held = r);
            service.start();
        }

        public void letBodyBegin() {
            thread = new Thread(held, "reference-task");
            thread.start();
        }

        public void report(double done, double max, String title, String message) {
            task.report(done, max, title, message);
        }

        public void settle() throws Exception {
            if (thread != null) thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            runFx(() -> { }); // after what the thread posted with runLater
        }
    }

    /** Records each state as its listener sees it: with value, exception and running at that moment. */
    private static List<String> record(Worker<String> w) {
        List<String> seen = new CopyOnWriteArrayList<>();
        seen.add(describe(w));
        w.stateProperty().addListener((o, before, now) -> seen.add(describe(w)));
        return seen;
    }

    private static String describe(Worker<String> w) {
        return w.getState() + " running=" + w.isRunning() + " value=" + w.getValue()
                + " exception=" + (w.getException() == null ? null : w.getException().getMessage());
    }

    private static String progress(Worker<String> w) {
        return "workDone=" + w.getWorkDone() + " totalWork=" + w.getTotalWork() + " progress=" + w.getProgress()
                + " title=" + w.getTitle() + " message=" + w.getMessage();
    }

    /** Made, started and waiting in its body, with the transitions recorded from READY on. */
    private record Started(Script script, Subject subject, List<String> seen) {
        Worker<String> w() {
            return subject.worker();
        }
    }

    private static Started startedAndWaiting(Kind kind) throws Exception {
        Script script = new Script();
        Subject subject = onFx(() -> subject(kind, script));
        List<String> seen = onFx(() -> record(subject.worker()));
        runFx(subject::start);
        subject.letBodyBegin();
        script.waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        waitUntilFx("RUNNING, the body's reports applied", () -> subject.worker().getState() == State.RUNNING
                && subject.worker().getMessage().equals("part 1 of 4") && subject.worker().getWorkDone() == 1);
        return new Started(script, subject, seen);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void readyScheduledRunningSucceededWithTheValueSetBeforeTheState(Kind kind) throws Exception {
        Started s = startedAndWaiting(kind);
        assertEquals("workDone=1.0 totalWork=4.0 progress=0.25 title=copy message=part 1 of 4", onFx(() -> progress(s.w())));
        s.script.gate.complete(VALUE);
        waitUntilFx("succeeded", () -> s.w().getState() == State.SUCCEEDED);
        s.subject.settle();
        assertEquals(List.of(
                "READY running=false value=null exception=null",
                "SCHEDULED running=false value=null exception=null", // running follows the state, after it
                "RUNNING running=true value=null exception=null",
                "SUCCEEDED running=true value=copied exception=null"), s.seen);
        assertFalse(onFx(s.w()::isRunning));
        assertEquals("workDone=1.0 totalWork=4.0 progress=0.25 title=copy message=part 1 of 4", onFx(() -> progress(s.w())),
                "success does not touch the progress");
        assertFalse(onFx(s.w()::cancel), "cancel after done");
        assertEquals(State.SUCCEEDED, onFx(s.w()::getState));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFailureSetsTheExceptionBeforeTheStateFailed(Kind kind) throws Exception {
        Started s = startedAndWaiting(kind);
        s.script.gate.completeExceptionally(new IOException("disk full"));
        waitUntilFx("failed", () -> s.w().getState() == State.FAILED);
        s.subject.settle();
        assertEquals(List.of(
                "READY running=false value=null exception=null",
                "SCHEDULED running=false value=null exception=null",
                "RUNNING running=true value=null exception=null",
                "FAILED running=true value=null exception=disk full"), s.seen);
        assertInstanceOf(IOException.class, onFx(s.w()::getException));
        assertFalse(onFx(s.w()::isRunning));
        assertFalse(onFx(s.w()::cancel), "cancel after done");
        assertEquals(State.FAILED, onFx(s.w()::getState));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancelFromReadyNeverRunsTheBody(Kind kind) throws Exception {
        Script script = new Script();
        Subject subject = onFx(() -> subject(kind, script));
        List<String> seen = onFx(() -> record(subject.worker()));
        assertEquals("workDone=-1.0 totalWork=-1.0 progress=-1.0 title= message=", onFx(() -> progress(subject.worker())),
                "indeterminate until reported");
        assertTrue(onFx(subject.worker()::cancel));
        assertEquals(State.CANCELLED, onFx(subject.worker()::getState));
        assertFalse(onFx(subject.worker()::cancel), "cancel after cancel");
        assertEquals(List.of("READY running=false value=null exception=null",
                "CANCELLED running=false value=null exception=null"), seen);
        assertFalse(script.began);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancelFromScheduledNeverRunsTheBody(Kind kind) throws Exception {
        Script script = new Script();
        Subject subject = onFx(() -> subject(kind, script));
        List<String> seen = onFx(() -> record(subject.worker()));
        boolean cancelled = onFx(() -> {
            subject.start();
            return subject.worker().cancel(); // in the same FX turn: still SCHEDULED
        });
        assertTrue(cancelled);
        subject.letBodyBegin();
        subject.settle();
        assertEquals(List.of("READY running=false value=null exception=null",
                "SCHEDULED running=false value=null exception=null",
                "CANCELLED running=true value=null exception=null"), seen);
        assertFalse(onFx(subject.worker()::isRunning));
        assertFalse(script.began);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancelFromRunningShowsCancelledAtOnceAndForGoodAndTheBodysFinallyRuns(Kind kind) throws Exception {
        Started s = startedAndWaiting(kind);
        String right = onFx(() -> s.w().cancel() + " " + s.w().getState() + " running=" + s.w().isRunning());
        assertEquals("true CANCELLED running=false", right, "cancel() changes the state before it returns");
        s.script.finallyRan.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        s.subject.settle();
        assertEquals(List.of(
                "READY running=false value=null exception=null",
                "SCHEDULED running=false value=null exception=null",
                "RUNNING running=true value=null exception=null",
                "CANCELLED running=true value=null exception=null"), s.seen, "the body's end changes nothing");
        assertFalse(onFx(s.w()::cancel), "cancel after cancel");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void progressIsIndeterminateForNegativeOrUnknownWorkAndWorkDoneIsClampedToTheTotal(Kind kind) throws Exception {
        Started s = startedAndWaiting(kind);
        List<String> rows = onFx(() -> {
            List<String> r = new java.util.ArrayList<>();
            for (double[] p : new double[][]{{3, 10}, {-5, 10}, {20, 10}, {5, -1}, {Double.NaN, 10}, {5, Double.POSITIVE_INFINITY}, {0, 10}}) {
                s.subject.report(p[0], p[1], "t", "m");
                r.add(p[0] + " of " + p[1] + ": " + progress(s.w()));
            }
            return r;
        });
        assertEquals(List.of(
                "3.0 of 10.0: workDone=3.0 totalWork=10.0 progress=0.3 title=t message=m",
                "-5.0 of 10.0: workDone=-1.0 totalWork=10.0 progress=-1.0 title=t message=m",
                "20.0 of 10.0: workDone=10.0 totalWork=10.0 progress=1.0 title=t message=m",
                "5.0 of -1.0: workDone=-1.0 totalWork=-1.0 progress=-1.0 title=t message=m",
                "NaN of 10.0: workDone=-1.0 totalWork=10.0 progress=-1.0 title=t message=m",
                "5.0 of Infinity: workDone=-1.0 totalWork=-1.0 progress=-1.0 title=t message=m",
                "0.0 of 10.0: workDone=0.0 totalWork=10.0 progress=0.0 title=t message=m"), rows);
        s.script.gate.complete(VALUE);
        s.subject.settle();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aProgressIndicatorAndALabelBoundToTheWorkerFollowIt(Kind kind) throws Exception {
        Script script = new Script();
        Subject subject = onFx(() -> subject(kind, script));
        ProgressIndicator indicator = onFx(ProgressIndicator::new);
        Label status = onFx(Label::new);
        runFx(() -> bindStatus(subject.worker(), indicator, status));
        assertEquals("-1.0 ", onFx(() -> indicator.getProgress() + " " + status.getText()));
        runFx(subject::start);
        subject.letBodyBegin();
        script.waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        waitUntilFx("the report shows", () -> indicator.getProgress() == 0.25 && status.getText().equals("part 1 of 4"));
        script.gate.complete(VALUE);
        subject.settle();
        assertEquals("0.25 part 1 of 4", onFx(() -> indicator.getProgress() + " " + status.getText()));
    }

    /** What a status bar does with any Worker: it knows nothing of loopfx. */
    private static void bindStatus(Worker<?> worker, ProgressIndicator indicator, Label status) {
        indicator.progressProperty().bind(worker.progressProperty());
        status.textProperty().bind(worker.messageProperty());
    }
}
