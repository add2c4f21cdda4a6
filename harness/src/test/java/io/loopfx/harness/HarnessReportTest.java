package io.loopfx.harness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The runner's verdict: loopfx mismatches and varying outcomes fail the run; naive outcomes are reported. */
class HarnessReportTest {
    private static ScenarioResult result(String id, Bridge b, ScenarioOutcome o, String... strayErrors) {
        return new ScenarioResult(id, b, o, "msg", List.of(new NestedCallTiming("c", Duration.ofMillis(2))),
                List.of("  0.1 ms  event \"quoted\""), Duration.ofMillis(5), true, List.of(strayErrors));
    }

    @Test
    void loopfxMismatchesAndVariationFailButNaiveOutcomesAreOnlyReported() {
        Scenario one = Catalogue.byId("1"); // expected: completed
        Scenario two = Catalogue.byId("2"); // expected: clear error
        HarnessReport report = new HarnessReport("test", 2, List.of(one, two));
        report.add(result("1", Bridge.LOOPFX, ScenarioOutcome.COMPLETED));
        report.add(result("1", Bridge.LOOPFX, ScenarioOutcome.COMPLETED));
        report.add(result("1", Bridge.NAIVE, ScenarioOutcome.HUNG));
        report.add(result("1", Bridge.NAIVE, ScenarioOutcome.LOOP_DEAD));
        report.add(result("2", Bridge.LOOPFX, ScenarioOutcome.CLEAR_ERROR));
        report.add(result("2", Bridge.LOOPFX, ScenarioOutcome.HUNG));
        List<String> problems = report.problems(false);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("scenario 2") && problems.get(0).contains("got HUNG"), problems.toString());
        assertTrue(problems.get(1).contains("varied"), problems.toString());
        assertFalse(report.naiveReproducible());
        assertEquals(3, report.problems(true).size());
        String md = report.markdown();
        assertTrue(md.contains("| 1 | " + one.title() + " | completed \"done after 3 ticks\" | HUNG x1, LOOP_DEAD x1 | COMPLETED |"), md);
        String json = report.json();
        assertTrue(json.contains("\"outcomes\": [\"HUNG\", \"LOOP_DEAD\"]") && json.contains("event \\\"quoted\\\""), json);
    }

    @Test
    void aLoopfxRunThatLetAnErrorReachAHandlerFailsTheRunButANaiveOneIsOnlyReported() {
        Scenario one = Catalogue.byId("1");
        HarnessReport report = new HarnessReport("test", 2, List.of(one));
        report.add(result("1", Bridge.LOOPFX, ScenarioOutcome.COMPLETED));
        report.add(result("1", Bridge.LOOPFX, ScenarioOutcome.COMPLETED, "uncaught in JavaFX Application Thread: "
                + "java.lang.IllegalStateException: boom"));
        report.add(result("1", Bridge.NAIVE, ScenarioOutcome.HUNG,
                "Exception in callback | java.lang.RuntimeException: naive"));
        report.add(result("1", Bridge.NAIVE, ScenarioOutcome.HUNG));
        List<String> problems = report.problems(true);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("scenario 1") && problems.getFirst().contains("let errors reach a handler")
                && problems.getFirst().contains("in 1 of 2 run(s)") && problems.getFirst().contains("boom"), problems.toString());
        assertTrue(report.json().contains("\"loopfxAsExpected\": false"), report.json());
        assertTrue(report.json().contains("\"strayErrors\": [[], [\"uncaught in JavaFX Application Thread: "
                + "java.lang.IllegalStateException: boom\"]]"), report.json());
        String md = report.markdown();
        assertTrue(md.contains("- 1 loopfx, 1 of 2 run(s): uncaught in JavaFX Application Thread") && md.contains("- 1 naive, 1 of 2"), md);

        HarnessReport naiveOnly = new HarnessReport("test", 1, List.of(one));
        naiveOnly.add(result("1", Bridge.LOOPFX, ScenarioOutcome.COMPLETED));
        naiveOnly.add(result("1", Bridge.NAIVE, ScenarioOutcome.HUNG, "uncaught in JavaFX Application Thread: naive"));
        assertEquals(List.of(), naiveOnly.problems(true));
    }

    @Test
    void everyScenarioHasAUniqueIdAndLoopfxIsOnlyEverExpectedToSucceedOrFailClearly() {
        List<String> ids = Catalogue.all().stream().map(Scenario::id).toList();
        assertEquals(ids.size(), ids.stream().distinct().count(), ids.toString());
        assertThrows(IllegalArgumentException.class, () -> new Expectation(ScenarioOutcome.HUNG, null, List.of()));
        assertTrue(Catalogue.all().size() >= 12);
    }
}
