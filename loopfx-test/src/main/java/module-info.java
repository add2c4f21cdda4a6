/**
 * loopfx test support: JUnit 5 extensions that run a test method as a task on a virtual-clock loop
 * ({@link io.loopfx.test.LoopTest}) or on the JavaFX loop ({@link io.loopfx.test.FxLoopTest}), and fail the test
 * if it leaves tasks pending, failures unretrieved, or errors at the loop's exception handler.
 */
module io.loopfx.test {
    requires transitive io.loopfx.core;
    requires transitive org.junit.jupiter.api;
    requires static io.loopfx.fx; // only @FxLoopTest needs it

    exports io.loopfx.test;
    opens io.loopfx.test to org.junit.platform.commons;
}
