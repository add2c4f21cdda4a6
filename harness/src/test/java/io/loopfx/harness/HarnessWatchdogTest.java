package io.loopfx.harness;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The watchdog times a scenario from when it begins on the FX thread, not from when it was posted: on a loaded
 * machine the FX thread may still be busy with what came before (the ten-run check of {@code .ci/run} saw a naive
 * run called hung that had its outcome 3.2 s after it began, 5.5 s after it was posted). And it calls a scenario hung
 * when it makes no progress, not when it is slow: the third ten-run check saw naive scenario 11 called hung at load 11
 * on the 2 cores; it was still logging events (its timers took seconds) and had its outcome 0.6 s later.
 */
class HarnessWatchdogTest {
    private static final Duration WATCHDOG = Duration.ofMillis(300);
    private static final long BUSY_MILLIS = 1500; // well over the watchdog: without the rule, the run times out

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aScenarioThatWaitsForABusyFxThreadIsNotCalledHung() throws Exception {
        Scenario quick = new Scenario("w", "finishes at once", "Finishes in its first FX event.",
                Expectation.completed("done"), false, ctx -> ctx.finish("done"));
        // The FX thread is busy before the scenario is posted: its script starts only after BUSY_MILLIS.
        Platform.runLater(() -> {
            try {
                Thread.sleep(BUSY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ScenarioResult r = ScenarioRunner.runInProcess(quick, Bridge.LOOPFX, WATCHDOG).get(30, TimeUnit.SECONDS);
        assertEquals(ScenarioOutcome.COMPLETED, r.outcome(), HarnessRuns.describe(r));
        assertTrue(r.duration().toMillis() < BUSY_MILLIS,
                "the run's time counts from its start, not from when it was posted: " + HarnessRuns.describe(r));
    }

    @Test
    void aScenarioThatKeepsMakingProgressPastTheWatchdogIsNotCalledHung() throws Exception {
        // An event every 50 ms for 400 ms, with a 300 ms watchdog: slower than the watchdog, never quiet for its time,
        // and well within the cap (900 ms) even if the machine doubles the steps.
        Scenario slow = new Scenario("s", "slow but making progress", "Logs a step every 50 ms, nine times.",
                Expectation.completed("done"), false, ctx -> step(ctx, 1, 9));
        ScenarioResult r = ScenarioRunner.runInProcess(slow, Bridge.LOOPFX, WATCHDOG).get(30, TimeUnit.SECONDS);
        assertEquals(ScenarioOutcome.COMPLETED, r.outcome(), HarnessRuns.describe(r));
        assertTrue(r.duration().toMillis() > WATCHDOG.toMillis(), HarnessRuns.describe(r));
    }

    @Test
    void aScenarioThatGoesQuietIsCalledHungOneWatchdogAfterItsLastEvent() throws Exception {
        // Two steps 50 ms apart, then nothing: hung, judged 300 ms after the last step, not before.
        Scenario quiet = new Scenario("q", "goes quiet", "Logs two steps, then never finishes.",
                Expectation.completed("done"), false, ctx -> step(ctx, 1, 2, false));
        ScenarioResult r = ScenarioRunner.runInProcess(quiet, Bridge.LOOPFX, WATCHDOG).get(30, TimeUnit.SECONDS);
        assertEquals(ScenarioOutcome.HUNG, r.outcome(), HarnessRuns.describe(r));
        assertTrue(r.message().startsWith("no outcome, and no progress for 300 ms"), r.message());
        assertTrue(r.duration().toMillis() >= 50 + WATCHDOG.toMillis(), HarnessRuns.describe(r));
    }

    @Test
    void aScenarioThatLogsForeverIsCalledHungAtTheCap() throws Exception {
        Scenario endless = new Scenario("e", "logs forever", "Logs a step every 50 ms and never finishes.",
                Expectation.completed("done"), false, ctx -> step(ctx, 1, Integer.MAX_VALUE));
        ScenarioResult r = ScenarioRunner.runInProcess(endless, Bridge.LOOPFX, WATCHDOG).get(30, TimeUnit.SECONDS);
        assertEquals(ScenarioOutcome.HUNG, r.outcome(), HarnessRuns.describe(r));
        long cap = ScenarioRunner.MAX_WATCHDOGS * WATCHDOG.toMillis();
        assertTrue(r.message().startsWith("no outcome within " + cap + " ms, though it still logged events"), r.message());
        assertTrue(r.duration().toMillis() >= cap, HarnessRuns.describe(r));
    }

    private static void step(ScenarioContext ctx, int i, int steps) {
        step(ctx, i, steps, true);
    }

    /** Logs step {@code i}, then the next one 50 ms later on the FX thread, up to {@code steps}; then finishes or not. */
    private static void step(ScenarioContext ctx, int i, int steps, boolean finish) {
        ctx.log("step " + i);
        if (i == steps) {
            if (finish) ctx.finish("done");
            return;
        }
        Timeline next = new Timeline(new KeyFrame(javafx.util.Duration.millis(50), e -> step(ctx, i + 1, steps, finish)));
        next.play();
    }
}
