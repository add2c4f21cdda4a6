/**
 * The loopfx nested-loop harness: every known failure mode of nested {@code runUntilComplete} calls on JavaFX, run
 * against a naive bridge and against loopfx ({@link io.loopfx.harness.HarnessMain}). The demo's Nested loops tab
 * uses its catalogue and runner.
 */
module io.loopfx.harness {
    requires transitive io.loopfx.fx;   // Bridge, ScenarioRunner and ScenarioContext name loopfx and JavaFX types
    requires java.logging;              // the runner records SEVERE reports of the "io.loopfx" loggers

    exports io.loopfx.harness;
}
