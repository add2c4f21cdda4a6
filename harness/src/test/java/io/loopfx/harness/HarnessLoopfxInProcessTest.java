package io.loopfx.harness;

import io.loopfx.fx.guard.FxErrorGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.testfx.api.FxToolkit;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shared scenarios against loopfx on this JVM's toolkit, as the demo's harness tab runs them
 * ({@link ScenarioRunner#runInProcess}), each judged by {@link FxErrorGuard} on its own: an exception that reaches
 * an uncaught-exception handler or the loop's default exception handler fails that scenario.
 */
class HarnessLoopfxInProcessTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @TestFactory
    Stream<DynamicTest> everySharedScenarioRunsCleanOnARunningToolkit() {
        return Catalogue.all().stream().filter(s -> !s.needsOwnToolkit()).map(s -> DynamicTest.dynamicTest(
                s.id() + " " + s.title(), () -> {
                    ScenarioResult r = ScenarioRunner.runInProcess(s, Bridge.LOOPFX, HarnessRuns.WATCHDOG)
                            .get(HarnessRuns.WATCHDOG.toSeconds() + 30, TimeUnit.SECONDS);
                    FxErrorGuard.verifyNow("loopfx scenario " + s.id() + " in process (" + HarnessRuns.describe(r) + ")");
                    assertTrue(r.meets(s.expected()), "expected " + s.expected().describe() + "\n" + HarnessRuns.describe(r));
                    assertTrue(r.toolkitReusable(), "loopfx left the toolkit unusable:\n" + HarnessRuns.describe(r));
                }));
    }
}
