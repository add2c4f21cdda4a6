package io.loopfx.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs scenarios in child JVMs for the harness tests, once per test class. */
final class HarnessRuns {
    static final Duration WATCHDOG = ScenarioRunner.DEFAULT_WATCHDOG;

    private HarnessRuns() {
    }

    static boolean onGtk() {
        return "gtk".equals(System.getProperty("loopfx.test.platform"));
    }

    /** Runs {@code scenarios} against {@code bridge}; returns the results by scenario id. */
    static Map<String, ScenarioResult> run(Bridge bridge, List<Scenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>(ScenarioRunner.runInChildJvms(scenarios, bridge, WATCHDOG, r -> { }));
        Map<String, ScenarioResult> byId = new LinkedHashMap<>();
        for (ScenarioResult r : results) byId.put(r.scenarioId(), r);
        return byId;
    }

    static String describe(ScenarioResult r) {
        return r.scenarioId() + " " + r.bridge().label() + ": " + r.outcome() + ": " + r.message() + "\n  "
                + String.join("\n  ", r.events()) + (r.strayErrors().isEmpty() ? ""
                : "\n  errors that reached a handler:\n    " + String.join("\n    ", r.strayErrors()));
    }
}
