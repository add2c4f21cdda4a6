package io.loopfx.harness;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.loopfx.harness.ScenarioOutcome.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The naive bridge really fails in scenarios 1-8, so the harness is shown to catch those failure modes.
 * Where Monocle and GTK differ, the test says which is which.
 */
class HarnessNaiveBridgeTest {
    private static Map<String, ScenarioResult> results;

    @BeforeAll
    static void runScenariosOneToEight() {
        results = HarnessRuns.run(Bridge.NAIVE, Catalogue.all().stream()
                .filter(s -> s.id().matches("[1-8][a-c]?")).toList());
    }

    private static ScenarioResult assertOutcome(String id, ScenarioOutcome expected) {
        ScenarioResult r = results.get(id);
        assertNotNull(r, "no result for " + id);
        assertEquals(expected, r.outcome(), HarnessRuns.describe(r));
        return r;
    }

    @Test
    void handlerInsideRunForeverClearsTheRunningFlagAndTheMainLoopNeverStops() {
        assertOutcome("1", HUNG);
    }

    @Test
    void runUntilCompleteInATaskWaitsForWorkThatNeedsTheTaskAndHangs() {
        assertOutcome("2", HUNG);
    }

    @Test
    void outOfOrderCompletionEndsTheWrongLoopAndTheOuterCallHangs() {
        ScenarioResult r = assertOutcome("3", HUNG);
        assertTrue(r.events().stream().anyMatch(e -> e.contains("Event loop stopped before Future completed")), r.events().toString());
    }

    @Test
    void backToBackCallsJamJavaFxOnGtkButNotOnMonocle() {
        assertOutcome("4", HarnessRuns.onGtk() ? LOOP_DEAD : COMPLETED);
    }

    @Test
    void taskCodeResumedByAPulseTimerCannotShowADialog() {
        ScenarioResult r = assertOutcome("5", UNCLEAR_ERROR);
        assertTrue(r.message().contains("animation or layout processing"), r.message());
    }

    @Test
    void awaitInAHandlerInsideTheDialogFreezesTheNestedLoopInTheTaskOrIsPinned() {
        // Monocle's nested loop has no native frames: the await suspends the owner task with the dialog's loop in it
        // and it happens to come back; GTK's has, so the continuation is pinned.
        ScenarioResult r = assertOutcome("6", HarnessRuns.onGtk() ? UNCLEAR_ERROR : WRONG_RESULT);
        if (HarnessRuns.onGtk()) assertTrue(r.message().contains("Pinned: NATIVE"), r.message());
    }

    @Test
    void stopEndsTheNestedCallOfAHandler() {
        ScenarioResult r = assertOutcome("7", UNCLEAR_ERROR);
        assertTrue(r.message().contains("Event loop stopped before Future completed"), r.message());
    }

    @Test
    void platformExitInsideANestedLoopAfterPlatformStartupDeadlocksTheFxThread() {
        assertOutcome("8a", LOOP_DEAD);
    }

    @Test
    void platformExitAfterApplicationLaunchLosesEveryPendingTask() {
        ScenarioResult r = assertOutcome("8b", TASK_LOST);
        assertTrue(r.message().startsWith((ExitScenarios.PENDING + 1) + " task(s)"), r.message());
    }

    @Test
    void implicitExitWhenTheLastWindowClosesLosesEveryPendingTask() {
        ScenarioResult r = assertOutcome("8c", TASK_LOST);
        assertTrue(r.message().startsWith(ExitScenarios.PENDING + " task(s)"), r.message());
    }
}
