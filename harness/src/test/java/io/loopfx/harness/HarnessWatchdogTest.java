package io.loopfx.harness;

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
 * run called hung that had its outcome 3.2 s after it began, 5.5 s after it was posted).
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
}
