package io.loopfx.fx;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The toolkit's exit paths, each in its own child JVM (the toolkit can start and exit only once per JVM):
 * {@link ExitScenario} prints what happened.
 */
class FxExitTest {
    /** The child's output, its exit code (or null if it had to be killed). */
    record Run(List<String> results, List<String> all, Integer exitCode) {
        boolean has(String line) {
            return results.contains(line);
        }

        String value(String key) {
            return results.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "exit=" + exitCode + "\n" + String.join("\n", all);
        }
    }

    static Run run(String scenario, long timeoutSeconds) throws Exception {
        return run(true, ExitScenario.class, scenario, timeoutSeconds);
    }

    /**
     * Runs {@code main} with the argument {@code scenario} in a child JVM and returns its output; it is killed after
     * {@code timeoutSeconds}. Fails if the child's error guard reported anything.
     */
    static Run run(boolean withFlag, Class<?> main, String scenario, long timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(FxTestSupport.childJvm(withFlag, main, scenario)).redirectErrorStream(true).start();
        List<String> all = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (all) {
                        all.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process was killed
            }
        });
        Integer code = null;
        if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            code = p.exitValue();
        } else {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.get(10, TimeUnit.SECONDS);
        List<String> results = new ArrayList<>();
        synchronized (all) {
            for (String l : all) if (l.startsWith("RESULT ")) results.add(l.substring(7));
        }
        io.loopfx.fx.guard.FxErrorGuard.assertNoChildReports(main.getSimpleName() + " " + scenario, List.copyOf(all));
        return new Run(results, List.copyOf(all), code);
    }

    @Test
    void getBeforeTheToolkitStartedIsAClearError() throws Exception {
        Run r = run("not-started", 60);
        assertEquals(0, r.exitCode(), r.toString());
        String msg = r.value("getBeforeStart");
        assertNotNull(msg, r.toString());
        assertTrue(msg.startsWith("IllegalStateException") && msg.contains("Platform.startup"), r.toString());
    }

    @Test
    void platformExitInsideANestedLoopAfterStartupDoesNotDeadlockAndEveryFinallyRuns() throws Exception {
        Run r = run("startup-exit-in-nested", 90);
        assertEquals(0, r.exitCode(), "the child did not exit (deadlock?):\n" + r);
        assertEquals("true", r.value("nestedLoopRunning"), r.toString());
        String ruc = r.value("runUntilComplete");
        assertNotNull(ruc, r.toString());
        assertTrue(ruc.startsWith("IllegalStateException") && ruc.contains("exiting"), r.toString());
        assertTrue(r.has("finally=1000 onFx=1000"), r.toString());
        assertTrue(r.has("fxThreadEnded=true"), r.toString());
        assertTrue(r.value("getAfterExit").startsWith("IllegalStateException") && r.value("getAfterExit").contains("exited"), r.toString());
    }

    @Test
    void withoutLoopfxTheSameExitDeadlocksInJavaFx() throws Exception {
        // documents the JavaFX behaviour the test above guards against; if JavaFX fixes it, this fails: delete it then
        Run r = run("startup-exit-in-nested-without-loopfx", 8);
        assertNull(r.exitCode(), "JavaFX no longer deadlocks here:\n" + r);
        assertFalse(r.has("nestedLoopReturned"), r.toString());
    }

    @Test
    void implicitExitWhenTheLastWindowClosesRunsEveryFinally() throws Exception {
        Run r = run("implicit-exit", 90);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.has("implicitExit=true"), r.toString());
        assertTrue(r.has("finally=1000 onFx=1000"), r.toString());
        assertTrue(r.has("fxThreadEnded=true"), r.toString());
    }

    @Test
    void applicationLaunchWithShutdownInStopRunsEveryFinallyBeforeStopReturns() throws Exception {
        Run r = run("launch-stop", 90);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.has("stopCalled"), r.toString());
        assertTrue(r.has("stopFinally=1000"), r.toString());
        assertTrue(r.has("finally=1000 onFx=1000"), r.toString());
        String ruc = r.value("runUntilComplete");
        assertNotNull(ruc, r.toString());
        assertTrue(ruc.startsWith("IllegalStateException"), r.toString());
    }
}
