package io.loopfx.harness;

import io.loopfx.core.ErrorContext;
import io.loopfx.fx.guard.ExpectLoopError;
import io.loopfx.fx.guard.ExpectUncaught;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The harness records by itself what reaches an uncaught-exception handler or the loop's default exception handler
 * while a scenario runs ({@link ScenarioResult#strayErrors()}), and such a loopfx result fails the harness run
 * ({@link HarnessReport#problems}); a naive-bridge one is only reported. The scenario here, which is not in the
 * catalogue, completes as expected but throws on the FX thread and reports to the loop's default handler on the way.
 */
class HarnessStrayErrorTest {
    static final String BOOM = "stray boom on the FX thread";
    static final String REPORT = "stray report to the default handler";
    /** Completes with "ok"; before that an exception reaches the FX thread's handler and a report the default one. */
    static final Scenario THROWING = new Scenario("stray", "An exception on the FX thread and a report to the loop's "
            + "default exception handler", "Throws from a Platform.runLater runnable, reports to the default handler, "
            + "then completes.", Expectation.completed("ok"), false, ctx -> {
        Platform.runLater(() -> {
            throw new IllegalStateException(BOOM);
        });
        ctx.loop.callExceptionHandler(new ErrorContext(REPORT, new RuntimeException("on purpose"), null, null));
        ctx.later("finish", () -> ctx.finish("ok"));
    });

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static ScenarioResult runInProcess(Bridge bridge) throws Exception {
        return ScenarioRunner.runInProcess(THROWING, bridge, HarnessRuns.WATCHDOG)
                .get(HarnessRuns.WATCHDOG.toSeconds() + 30, TimeUnit.SECONDS);
    }

    private static void assertRecordedBoth(ScenarioResult r) {
        assertEquals(ScenarioOutcome.COMPLETED, r.outcome(), HarnessRuns.describe(r));
        assertEquals(2, r.strayErrors().size(), HarnessRuns.describe(r));
        assertTrue(r.strayErrors().stream().anyMatch(e -> e.startsWith("uncaught in JavaFX Application Thread: ")
                && e.contains("IllegalStateException: " + BOOM)), HarnessRuns.describe(r));
        assertTrue(r.strayErrors().stream().anyMatch(e -> e.contains(REPORT) && e.contains("on purpose")),
                HarnessRuns.describe(r));
        assertTrue(r.events().stream().anyMatch(e -> e.contains("stray error: ")), HarnessRuns.describe(r));
    }

    private static List<String> problems(ScenarioResult r) {
        HarnessReport report = new HarnessReport("test", 1, List.of(THROWING));
        report.add(r);
        return report.problems(true);
    }

    // The guard of the test JVM sees both too: the harness's recorders pass them on to the handlers they replaced.
    @Test
    @ExpectUncaught(type = IllegalStateException.class, message = BOOM)
    @ExpectLoopError(message = REPORT)
    void inProcessALoopfxRunRecordsWhatReachedAHandlerAndFailsTheHarness() throws Exception {
        ScenarioResult r = runInProcess(Bridge.LOOPFX);
        assertRecordedBoth(r);
        List<String> problems = problems(r);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("scenario stray: loopfx let errors reach a handler")
                && problems.getFirst().contains(BOOM), problems.toString());
    }

    @Test
    @ExpectUncaught(type = IllegalStateException.class, message = BOOM)
    @ExpectLoopError(message = REPORT)
    void aNaiveRunRecordsThemTooButDoesNotFailTheHarness() throws Exception {
        ScenarioResult r = runInProcess(Bridge.NAIVE);
        assertRecordedBoth(r);
        assertEquals(List.of(), problems(r));
    }

    /** In a child JVM as the harness starts them: no TestFX, no guard, the JVM's own handlers replaced. */
    @Test
    void inAChildJvmTheResultCarriesThem() throws Exception {
        List<String> cmd = new ArrayList<>(ChildJvm.command(List.of(), Bridge.LOOPFX, HarnessRuns.WATCHDOG));
        int main = cmd.indexOf(HarnessMain.class.getName());
        List<String> run = new ArrayList<>(cmd.subList(0, main));
        run.add(StrayErrorChild.class.getName());
        Process p = new ProcessBuilder(run).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException ignored) {
                // killed
            }
        });
        if (!p.waitFor(HarnessRuns.WATCHDOG.toSeconds() + 60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        reader.get(10, TimeUnit.SECONDS);
        String result = lines.stream().filter(l -> l.startsWith(ChildJvm.PREFIX)).findFirst()
                .orElseThrow(() -> new AssertionError("no result; the child's output:\n" + String.join("\n", lines)));
        ScenarioResult r = ChildJvm.decode(result.substring(ChildJvm.PREFIX.length()));
        assertRecordedBoth(r);
        assertEquals(1, problems(r).size(), problems(r).toString());
        assertEquals(1, lines.stream().filter(l -> l.contains("harness: exception in thread \"JavaFX Application Thread\"")).count(),
                "the child prints the exception once:\n" + String.join("\n", lines));
    }
}
