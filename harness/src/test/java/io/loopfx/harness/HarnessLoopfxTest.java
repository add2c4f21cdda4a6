package io.loopfx.harness;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * loopfx meets the expected outcome in every scenario of the catalogue: a value or a clear error, never worse; and no
 * exception reaches an uncaught-exception handler or the loop's default exception handler while it runs (the harness
 * records those itself: {@link ScenarioResult#strayErrors()}).
 */
class HarnessLoopfxTest {
    private static Map<String, ScenarioResult> results;

    @BeforeAll
    static void runTheCatalogue() {
        results = HarnessRuns.run(Bridge.LOOPFX, Catalogue.all());
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioEndsAsExpected() {
        return Catalogue.all().stream().map(s -> DynamicTest.dynamicTest(s.id() + " " + s.title(), () -> {
            ScenarioResult r = results.get(s.id());
            assertNotNull(r, "no result for " + s.id());
            assertTrue(r.meets(s.expected()), "expected " + s.expected().describe() + "\n" + HarnessRuns.describe(r));
            assertTrue(r.toolkitReusable() || s.needsOwnToolkit(), "loopfx left the toolkit unusable:\n" + HarnessRuns.describe(r));
        }));
    }

    /** Nothing reached an uncaught-exception handler or the loop's default exception handler in the child JVMs. */
    @TestFactory
    Stream<DynamicTest> noErrorReachesAHandler() {
        return Catalogue.all().stream().map(s -> DynamicTest.dynamicTest(s.id() + " " + s.title(), () -> {
            ScenarioResult r = results.get(s.id());
            assertNotNull(r, "no result for " + s.id());
            assertEquals(List.of(), r.strayErrors(), "loopfx let errors reach a handler:\n" + HarnessRuns.describe(r));
        }));
    }

    @TestFactory
    Stream<DynamicTest> outOfOrderCallsRecordHowLongTheOuterOneWasHeldUp() {
        return Stream.of(DynamicTest.dynamicTest("3", () -> {
            ScenarioResult r = results.get("3");
            NestedCallTiming outer = r.timings().stream().filter(t -> t.call().equals("outer")).findFirst().orElseThrow();
            NestedCallTiming inner = r.timings().stream().filter(t -> t.call().equals("inner")).findFirst().orElseThrow();
            assertTrue(outer.heldFor().compareTo(inner.heldFor()) > 0, "the outer call waited for the inner one: " + r.timings());
            assertTrue(r.timings().indexOf(inner) < r.timings().indexOf(outer), "inner returned first: " + r.timings());
        }));
    }
}
