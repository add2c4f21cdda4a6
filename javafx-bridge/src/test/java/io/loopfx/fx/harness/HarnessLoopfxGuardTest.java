package io.loopfx.fx.harness;

import io.loopfx.fx.guard.FxErrorGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The loopfx side of every scenario runs clean: no exception reaches an uncaught-exception handler or the loop's
 * default exception handler while it runs. The catalogue runs as {@link HarnessRuns} runs it (the shared scenarios
 * one after another in one child JVM, each own-toolkit scenario in a JVM of its own), but the children start through
 * {@link GuardedHarnessChild}, which prints a line for each such exception; a line printed before a scenario's
 * result counts against that scenario. The naive bridge is not guarded: it fails on purpose.
 */
class HarnessLoopfxGuardTest {
    private static final Map<String, ScenarioResult> results = new HashMap<>();
    private static final Map<String, List<String>> reports = new HashMap<>();
    private static final Map<String, List<String>> outputs = new HashMap<>();

    @BeforeAll
    static void runTheCatalogueGuarded() throws Exception {
        runChild(Catalogue.all().stream().filter(s -> !s.needsOwnToolkit()).toList());
        for (Scenario s : Catalogue.all()) if (s.needsOwnToolkit()) runChild(List.of(s));
    }

    private static void runChild(List<Scenario> batch) throws Exception {
        List<String> cmd = new ArrayList<>(ChildJvm.command(batch, Bridge.LOOPFX, HarnessRuns.WATCHDOG));
        cmd.set(cmd.indexOf(HarnessMain.class.getName()), GuardedHarnessChild.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // killed
            }
        });
        long limit = HarnessRuns.WATCHDOG.toMillis() * (batch.size() + 2) + 60_000;
        if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        reader.get(10, TimeUnit.SECONDS);
        List<String> pending = new ArrayList<>();
        String last = null;
        for (String line : lines) {
            if (line.startsWith(FxErrorGuard.CHILD_MARKER)) {
                pending.add(line);
            } else if (line.startsWith(ChildJvm.PREFIX)) {
                ScenarioResult r = ChildJvm.decode(line.substring(ChildJvm.PREFIX.length()));
                last = r.scenarioId();
                results.put(last, r);
                reports.put(last, new ArrayList<>(pending));
                pending.clear();
            }
        }
        if (last != null) reports.get(last).addAll(pending); // printed after the last result: still that scenario's
        for (Scenario s : batch) outputs.put(s.id(), lines);
    }

    @TestFactory
    Stream<DynamicTest> noLoopfxScenarioLetsAnExceptionReachAnUncaughtOrDefaultHandler() {
        return Catalogue.all().stream().map(s -> DynamicTest.dynamicTest(s.id() + " " + s.title(), () -> {
            List<String> out = outputs.get(s.id());
            assertNotNull(results.get(s.id()), () -> "no result for " + s.id() + "; the child's output:\n"
                    + String.join("\n", out));
            List<String> mine = FxErrorGuard.childReports(reports.get(s.id()));
            if (!mine.isEmpty()) {
                fail("FxErrorGuard: loopfx scenario " + s.id() + ": " + mine.size() + " exception(s) reached an "
                        + "uncaught-exception handler or the loop's default exception handler:\n  - "
                        + String.join("\n  - ", mine) + "\nthe scenario's result: " + HarnessRuns.describe(results.get(s.id()))
                        + "\nthe child's output:\n" + String.join("\n", out));
            }
        }));
    }
}
