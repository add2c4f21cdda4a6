package io.loopfx.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Model-based test of the scheduler: thousands of random {@link Program}s (callSoon, callSoonThreadsafe from
 * the loop thread and from a helper thread, callLater/callAt with zero, negative and equal deadlines, handle and
 * task cancellation at random points from callbacks, task bodies, the test thread and a helper thread, tasks
 * that sleep, yield and await futures, futures completed, failed and cancelled, runForever ended by stop() from
 * a callback or task, runUntilComplete) run on a virtual-clock loop. Each must write exactly the trace of
 * {@link ReferenceModel} (which callback or task step ran, in which order, at which virtual time, with which
 * result), end with the same outcomes, and break none of the invariants {@link RealRun} checks by itself.
 *
 * <p>A failing program is shrunk, and the failure names its seed: {@code -Dloopfx.model.seed=<seed>} replays
 * exactly that program. {@code -Dloopfx.model.programs=<n>} changes how many programs a run tries (default
 * {@value #DEFAULT_PROGRAMS}); each run draws new seeds.
 */
class SchedulerModelTest {
    static final int DEFAULT_PROGRAMS = 10_000;
    /** Real time a program may take before it counts as hung (a program takes well under a millisecond). */
    private static final long HANG_SECONDS = 30, HANG_SECONDS_WHILE_SHRINKING = 5;
    /** Shrinking stops after this many programs or this much real time, and reports the smallest failure so far. */
    private static final int MAX_SHRINK_CHECKS = 5000;
    private static final long MAX_SHRINK_SECONDS = 60;
    private static ExecutorService runner = newRunner();

    @Test
    void theLoopRunsRandomProgramsExactlyAsTheReferenceModelDoes() {
        Long replay = Long.getLong("loopfx.model.seed");
        if (replay != null) {
            String failure = check(Program.generate(new Random(replay)), null);
            if (failure != null) fail(shrinkAndDescribe(replay, Program.generate(new Random(replay)), failure));
            return;
        }
        int programs = Integer.getInteger("loopfx.model.programs", DEFAULT_PROGRAMS);
        long baseSeed = new Random().nextLong();
        Random seeds = new Random(baseSeed);
        Coverage coverage = new Coverage();
        long t0 = System.nanoTime();
        for (int i = 0; i < programs; i++) {
            long seed = seeds.nextLong();
            Program program = Program.generate(new Random(seed));
            String failure = check(program, coverage);
            if (failure != null) fail(shrinkAndDescribe(seed, program, failure));
        }
        System.out.printf("SchedulerModelTest: %d programs agreed with the model in %d ms (base seed %d): %s%n",
                programs, (System.nanoTime() - t0) / 1_000_000, baseSeed, coverage);
        if (programs >= 1000) coverage.assertTheProgramsReachedTheInterestingCases();
    }

    /** Runs one program on the model and on the loop; returns what went wrong, or null. */
    static String check(Program program, Coverage coverage) {
        return check(program, coverage, HANG_SECONDS);
    }

    private static String check(Program program, Coverage coverage, long hangSeconds) {
        ReferenceModel expected;
        try {
            expected = ReferenceModel.run(program);
        } catch (RuntimeException e) {
            return "the reference model failed (a bug of the test): " + e;
        }
        RealRun actual;
        try {
            actual = runGuarded(program, hangSeconds);
        } catch (Throwable e) {
            return "the loop threw " + e + stackTop(e);
        }
        if (!actual.violations.isEmpty()) return "invariants broken: " + actual.violations;
        if (!actual.loopErrors.isEmpty()) return "the loop reported errors: " + actual.loopErrors;
        List<String> e = expected.trace, a = actual.trace;
        int n = Math.min(e.size(), a.size());
        int first = 0;
        while (first < n && e.get(first).equals(a.get(first))) first++;
        if (first < n || e.size() != a.size()) {
            int from = Math.max(0, first - 6);
            return "the trace differs from the model's at line " + first + ":\n"
                    + "  model: ..." + e.subList(from, Math.min(e.size(), first + 3)) + "\n"
                    + "  loop:  ..." + a.subList(from, Math.min(a.size(), first + 3));
        }
        if (!expected.outcomes.equals(actual.outcomes)) {
            return "the outcomes differ:\n  model: " + expected.outcomes + "\n  loop:  " + actual.outcomes;
        }
        if (coverage != null) coverage.add(actual);
        return null;
    }

    /** Fails if {@code program} does not run as the model says (for named regression programs). */
    static void assertRunsAsTheModelSays(Program program) {
        String failure = check(program, null);
        if (failure != null) fail(failure + "\n" + program);
    }

    private static String stackTop(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, st.length); i++) sb.append("\n    at ").append(st[i]);
        return sb.toString();
    }

    /** Shrinks greedily: takes the first simpler variant that still fails, until none does. */
    private static String shrinkAndDescribe(long seed, Program program, String failure) {
        Program smallest = program;
        String smallestFailure = failure;
        int steps = 0, checks = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SHRINK_SECONDS);
        boolean progress = true;
        while (progress && checks < MAX_SHRINK_CHECKS && System.nanoTime() < deadline) {
            progress = false;
            for (Program candidate : smallest.shrinkCandidates()) {
                if (++checks > MAX_SHRINK_CHECKS || System.nanoTime() > deadline) break;
                String f = check(candidate, null, HANG_SECONDS_WHILE_SHRINKING);
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        return "A random program ran differently on the loop than in the reference model.\n"
                + "Seed " + seed + "; replay it alone with\n"
                + "  mvn -pl loop-core test -Dtest=SchedulerModelTest -Dloopfx.model.seed=" + seed + "\n"
                + "Shrunk in " + steps + " steps (" + checks + " programs tried) to\n" + smallest
                + "which fails with: " + smallestFailure + "\n"
                + "The original program failed with: " + failure;
    }

    /** Runs the program on a thread of its own, so that a hang fails the test instead of blocking the build. */
    private static RealRun runGuarded(Program program, long hangSeconds) throws Exception {
        Future<RealRun> f = runner.submit(() -> RealRun.run(program));
        try {
            return f.get(hangSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            runner = newRunner(); // the old thread is stuck in the loop
            throw new AssertionError("the program did not end within " + hangSeconds + " s of real time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw new AssertionError(e.getCause());
        }
    }

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "model-loop");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Counts how many programs reached the cases the test is for, so that a generator that drifts into trivial
     * programs fails the test instead of passing it vacuously.
     */
    static final class Coverage {
        int programs, cancelledWhileSuspended, handleCancelled, stopFromProgram, untilPhases, equalDeadlines,
                callbacksRun, taskStarts;

        void add(RealRun run) {
            programs++;
            if (run.equalDeadlinesRan) equalDeadlines++;
            boolean suspended = false, handle = false, stop = false, until = false;
            for (String l : run.trace) {
                if (l.endsWith(" threw CancellationException")) suspended = true;
                if (l.matches("t=-?\\d+ \\S+ cancel C\\d+")) handle = true;
                if (l.matches("t=-?\\d+ [CT]\\d+ stop")) stop = true;
                if (l.contains("runUntilComplete(")) until = true;
                if (l.endsWith(" run")) callbacksRun++;
                if (l.endsWith(" start")) taskStarts++;
            }
            if (suspended) cancelledWhileSuspended++;
            if (handle) handleCancelled++;
            if (stop) stopFromProgram++;
            if (until) untilPhases++;
        }

        void assertTheProgramsReachedTheInterestingCases() {
            assertTrue(cancelledWhileSuspended * 10 >= programs,
                    "too few programs end a task with a CancellationException: " + this);
            assertTrue(handleCancelled * 20 >= programs, "too few programs cancel a handle: " + this);
            assertTrue(stopFromProgram * 50 >= programs, "too few programs stop runForever from a callback: " + this);
            assertTrue(untilPhases * 10 >= programs, "too few programs use runUntilComplete: " + this);
            assertTrue(equalDeadlines * 50 >= programs, "too few programs run timers of equal deadlines: " + this);
        }

        @Override
        public String toString() {
            return callbacksRun + " callbacks run, " + taskStarts + " tasks started; programs that end a task "
                    + "with a cancellation: " + cancelledWhileSuspended + ", cancel a handle: " + handleCancelled
                    + ", stop from a "
                    + "callback or task: " + stopFromProgram + ", run until complete: " + untilPhases + ", run timers of "
                    + "equal deadlines: " + equalDeadlines;
        }
    }
}
