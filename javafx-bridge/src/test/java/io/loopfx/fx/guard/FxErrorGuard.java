package io.loopfx.fx.guard;

import javafx.application.Platform;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Fails a test in which an exception reaches an uncaught-exception handler (the FX Application Thread's or any other
 * thread's, e.g. the loop's timer thread) or a report reaches the loop's <em>default</em> exception handler (a SEVERE
 * record under the "io.loopfx" loggers), unless the test declared it with {@link ExpectUncaught},
 * {@link ExpectLoopError}, {@link #expectUncaught} or {@link #expectLoopError}. A declared one that did not happen
 * fails the test too.
 *
 * <p>Registered on every test of javafx-bridge and demo-app by JUnit's extension auto-detection
 * ({@code META-INF/services/org.junit.jupiter.api.extension.Extension} and {@code junit-platform.properties} in the
 * modules' test resources). After each test it lets the FX thread run two round trips, so that late exceptions
 * land, and then judges what was recorded since the previous judgement; what happens in {@code @BeforeAll} is
 * judged with the class's first test, what happens after the last test with the class.
 *
 * <p>Child JVMs that tests start run {@link #installInChildJvm()} instead: it prints one {@value #CHILD_MARKER} line
 * per report, which the parent finds with {@link #childReports}.
 */
public final class FxErrorGuard implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    /** Prefix of the lines a guarded child JVM prints for each report. */
    public static final String CHILD_MARKER = "FXGUARD-REPORT ";
    private static final long ROUND_TRIP_MILLIS = 5_000;

    /** What reached a handler. */
    enum Kind {
        UNCAUGHT("uncaught exception"), LOOP_ERROR("report to the loop's default exception handler");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One recorded report. */
    record Report(Kind kind, String thread, String message, Throwable thrown) {
        String describe() {
            String what = kind == Kind.UNCAUGHT ? String.valueOf(thrown)
                    : message + (thrown == null ? "" : " | " + thrown);
            return kind.label + " in thread \"" + thread + "\": " + what;
        }
    }

    /** One declared expectation; {@code remaining} counts down as reports match it. */
    static final class Expectation {
        final Kind kind;
        final Class<? extends Throwable> type;
        final String messagePart;
        final int count;
        final String source;
        int remaining;

        Expectation(Kind kind, Class<? extends Throwable> type, String messagePart, int count, String source) {
            if (count < 1) throw new IllegalArgumentException("count must be at least 1: " + source);
            this.kind = kind;
            this.type = type;
            this.messagePart = messagePart == null ? "" : messagePart;
            this.count = count;
            this.remaining = count;
            this.source = source;
        }

        boolean matches(Report r) {
            if (r.kind != kind) return false;
            boolean typeOk = r.thrown == null ? type == Throwable.class : type.isInstance(r.thrown);
            if (!typeOk) return false;
            if (messagePart.isEmpty()) return true;
            String m = r.thrown == null ? null : r.thrown.getMessage();
            return (m != null && m.contains(messagePart)) || (r.message != null && r.message.contains(messagePart));
        }

        @Override
        public String toString() {
            return kind.label + " " + type.getSimpleName() + (messagePart.isEmpty() ? "" : " containing \"" + messagePart
                    + "\"") + " x" + count + " (" + source + ")";
        }
    }

    /** The expectations of the running test. */
    private static final class Scope {
        final String name;
        final List<Expectation> expectations = new ArrayList<>();

        Scope(String name) {
            this.name = name;
        }
    }

    private static final List<Report> REPORTS = new ArrayList<>(); // guarded by itself
    private static final Deque<Scope> SCOPES = new ArrayDeque<>(); // guarded by itself; a test kit run nests one
    private static final Thread.UncaughtExceptionHandler RECORDER = FxErrorGuard::recordUncaught;
    private static Logger loopfxLogger; // strong reference: a JUL logger without one may be collected with its handler
    private static boolean installed;
    private static volatile boolean fxUnresponsive;

    /** Created by JUnit (auto-detection or {@code @ExtendWith}). */
    public FxErrorGuard() {
    }

    // ------------------------------------------------------------------ recording

    private static synchronized void install() {
        if (!installed) {
            try { // TestFX's WaitForAsyncUtils sets a default handler of its own when it is loaded: load it first
                Class.forName("org.testfx.util.WaitForAsyncUtils", true, FxErrorGuard.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError noTestFx) {
                // nothing to come first
            }
        }
        // checked each time: a test or library may have set another one
        if (Thread.getDefaultUncaughtExceptionHandler() != RECORDER) {
            Thread.setDefaultUncaughtExceptionHandler(RECORDER); // chains to nothing: the failure message shows it
        }
        if (installed) return;
        installed = true;
        System.err.println("[FxErrorGuard] active: uncaught exceptions and reports to the loop's default exception "
                + "handler fail the test that caused them");
        loopfxLogger = Logger.getLogger("io.loopfx");
        loopfxLogger.addHandler(new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() < Level.SEVERE.intValue()) return;
                record(new Report(Kind.LOOP_ERROR, Thread.currentThread().getName(), formatter.formatMessage(r),
                        r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private static void recordUncaught(Thread t, Throwable e) {
        record(new Report(Kind.UNCAUGHT, t.getName(), null, e));
        StackTraceElement[] st = e.getStackTrace();
        StringBuilder sb = new StringBuilder("[FxErrorGuard] uncaught in thread \"").append(t.getName()).append("\": ")
                .append(e);
        for (int i = 0; i < Math.min(3, st.length); i++) sb.append("\n\tat ").append(st[i]);
        System.err.println(sb.append("\n\t(recorded: the test fails unless it declared it)"));
    }

    private static void record(Report r) {
        synchronized (REPORTS) {
            REPORTS.add(r);
        }
    }

    private static List<Report> drain() {
        synchronized (REPORTS) {
            List<Report> out = new ArrayList<>(REPORTS);
            REPORTS.clear();
            return out;
        }
    }

    /**
     * Lets the FX thread (if the toolkit runs) process everything posted so far, twice, and makes sure its own
     * uncaught-exception handler is the recorder (JavaFX reports exceptions of runnables and event handlers to it).
     */
    static void settle() {
        if (Platform.isFxApplicationThread()) return;
        for (int i = 0; i < 2; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            try {
                Platform.runLater(() -> {
                    Thread fx = Thread.currentThread();
                    if (fx.getUncaughtExceptionHandler() != RECORDER) fx.setUncaughtExceptionHandler(RECORDER);
                    ran.countDown();
                });
            } catch (IllegalStateException toolkitNotStarted) {
                return;
            }
            try {
                if (!ran.await(fxUnresponsive ? 200 : ROUND_TRIP_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (!fxUnresponsive) System.err.println("[FxErrorGuard] the FX thread did not answer within "
                            + ROUND_TRIP_MILLIS + " ms (exited or blocked); not waiting for it any more");
                    fxUnresponsive = true;
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ judging

    /** Matches {@code reports} against the expectations; returns the problems (unexpected reports). */
    private static AssertionError unexpected(String where, List<Report> reports, List<Expectation> expectations,
                                             boolean requireAll) {
        List<Report> left = new ArrayList<>(reports);
        List<String> problems = new ArrayList<>();
        for (Expectation e : expectations) {
            for (Iterator<Report> it = left.iterator(); it.hasNext() && e.remaining > 0; ) {
                if (e.matches(it.next())) {
                    it.remove();
                    e.remaining--;
                }
            }
        }
        for (Report r : left) problems.add("unexpected " + r.describe());
        if (requireAll) {
            for (Expectation e : expectations) {
                if (e.remaining > 0) problems.add("declared but " + (e.remaining == e.count ? "did not happen"
                        : "happened only " + (e.count - e.remaining) + " time(s)") + ": " + e);
            }
        }
        if (problems.isEmpty()) return null;
        StringBuilder msg = new StringBuilder("FxErrorGuard: ").append(where).append(": ").append(problems.size())
                .append(" problem(s) (an exception reaching an uncaught-exception handler or the loop's default "
                        + "exception handler fails the test; declare expected ones with @ExpectUncaught/"
                        + "@ExpectLoopError):");
        for (String p : problems) msg.append("\n  - ").append(p);
        Throwable first = left.stream().map(Report::thrown).filter(t -> t != null).findFirst().orElse(null);
        if (first != null) msg.append("\nstack of the first:\n").append(stackOf(first));
        AssertionError err = new AssertionError(msg.toString(), first);
        return err;
    }

    private static String stackOf(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().strip();
    }

    /**
     * Judges now what was recorded since the last judgement (after letting the FX thread catch up): expected
     * reports are consumed, and an unexpected one throws. Expectations not yet met stay for the end of the test.
     * For tests that run several independent steps (dynamic tests, harness scenarios).
     *
     * @param what the step, for the message
     */
    public static void verifyNow(String what) {
        settle();
        List<Report> reports = drain();
        Scope s = currentScope();
        AssertionError e = unexpected(what, reports, s == null ? List.of() : s.expectations, false);
        if (e != null) throw e;
    }

    /**
     * Declares, from inside a test, that {@code count} throwables of {@code type} whose message contains
     * {@code messagePart} will reach an uncaught-exception handler.
     *
     * @param type        the type
     * @param messagePart text the message contains, or "" for any
     * @param count       how many exactly
     */
    public static void expectUncaught(Class<? extends Throwable> type, String messagePart, int count) {
        expect(new Expectation(Kind.UNCAUGHT, type, messagePart, count, "FxErrorGuard.expectUncaught"));
    }

    /**
     * Declares, from inside a test, that {@code count} reports will reach the loop's default exception handler.
     *
     * @param type        the logged exception's type ({@code Throwable.class}: any, or none)
     * @param messagePart text the log message or exception message contains, or "" for any
     * @param count       how many exactly
     */
    public static void expectLoopError(Class<? extends Throwable> type, String messagePart, int count) {
        expect(new Expectation(Kind.LOOP_ERROR, type, messagePart, count, "FxErrorGuard.expectLoopError"));
    }

    private static void expect(Expectation e) {
        Scope s = currentScope();
        if (s == null) throw new IllegalStateException("FxErrorGuard is not active for this test");
        synchronized (SCOPES) {
            s.expectations.add(e);
        }
    }

    private static Scope currentScope() {
        synchronized (SCOPES) {
            return SCOPES.peek();
        }
    }

    // ------------------------------------------------------------------ JUnit callbacks

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        install();
        settle(); // installs the recorder on the FX thread once a @BeforeAll has started the toolkit
        Scope s = new Scope(context.getDisplayName());
        for (AnnotatedElement el : annotated(context)) {
            for (ExpectUncaught a : AnnotationSupport.findRepeatableAnnotations(el, ExpectUncaught.class)) {
                s.expectations.add(new Expectation(Kind.UNCAUGHT, a.type(), a.message(), a.count(), "@ExpectUncaught on " + name(el)));
            }
            for (ExpectLoopError a : AnnotationSupport.findRepeatableAnnotations(el, ExpectLoopError.class)) {
                s.expectations.add(new Expectation(Kind.LOOP_ERROR, a.type(), a.message(), a.count(), "@ExpectLoopError on " + name(el)));
            }
        }
        synchronized (SCOPES) {
            SCOPES.push(s);
        }
    }

    private static List<AnnotatedElement> annotated(ExtensionContext context) {
        List<AnnotatedElement> out = new ArrayList<>();
        context.getTestMethod().ifPresent(out::add);
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
            out.add(c.get());
        }
        return out;
    }

    private static String name(AnnotatedElement el) {
        return el instanceof Class<?> c ? c.getSimpleName() : ((java.lang.reflect.Method) el).getName() + "()";
    }

    @Override
    public void afterEach(ExtensionContext context) {
        settle();
        List<Report> reports = drain();
        Scope s;
        synchronized (SCOPES) {
            s = SCOPES.isEmpty() ? new Scope(context.getDisplayName()) : SCOPES.pop();
        }
        AssertionError e = unexpected(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName(),
                reports, s.expectations, true);
        if (e != null) throw e;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        settle();
        AssertionError e = unexpected(context.getDisplayName() + " (in @BeforeAll/@AfterAll or after its last test)",
                drain(), List.of(), true);
        if (e != null) throw e;
    }

    // ------------------------------------------------------------------ child JVMs

    /**
     * For the main of a child JVM that a test starts: every uncaught exception and every SEVERE "io.loopfx" record
     * is printed (to stdout, which the tests read) as one {@value #CHILD_MARKER} line, and as usual to stderr.
     */
    public static synchronized void installInChildJvm() {
        Thread.UncaughtExceptionHandler printer = (t, e) -> {
            childLine(new Report(Kind.UNCAUGHT, t.getName(), null, e));
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace();
        };
        Thread.setDefaultUncaughtExceptionHandler(printer);
        loopfxLogger = Logger.getLogger("io.loopfx");
        loopfxLogger.addHandler(new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    childLine(new Report(Kind.LOOP_ERROR, Thread.currentThread().getName(), formatter.formatMessage(r),
                            r.getThrown()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private static void childLine(Report r) {
        String top = r.thrown() == null || r.thrown().getStackTrace().length == 0 ? ""
                : " at " + r.thrown().getStackTrace()[0];
        synchronized (System.out) {
            System.out.println(CHILD_MARKER + (r.describe() + top).replace('\n', ' ').replace('\r', ' '));
            System.out.flush();
        }
    }

    /**
     * Returns the reports in a guarded child JVM's output.
     *
     * @param output the child's output lines
     * @return the reports, without the marker
     */
    public static List<String> childReports(List<String> output) {
        return output.stream().filter(l -> l.startsWith(CHILD_MARKER)).map(l -> l.substring(CHILD_MARKER.length())).toList();
    }

    /**
     * Fails if a guarded child JVM reported anything.
     *
     * @param what   the child's job, for the message
     * @param output the child's output lines
     */
    public static void assertNoChildReports(String what, List<String> output) {
        List<String> reports = childReports(output);
        if (!reports.isEmpty()) {
            throw new AssertionError("FxErrorGuard: " + what + ": the child JVM reported " + reports.size()
                    + " problem(s):\n  - " + String.join("\n  - ", reports) + "\nits output:\n" + String.join("\n", output));
        }
    }
}
