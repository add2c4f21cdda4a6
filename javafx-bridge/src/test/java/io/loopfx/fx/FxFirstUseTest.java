package io.loopfx.fx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A new user's first run, each case in a fresh child JVM ({@link FirstUseScenario}): a plain event handler that
 * sleeps before the FX loop was ever used, and a JVM started without the option loopfx needs.
 */
class FxFirstUseTest {
    private static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    @TempDir
    Path dir;

    /** The child's RESULT lines, its stderr and its exit code. */
    record Child(List<String> results, String out, String err, int exitCode) {
        String value(String key) {
            return results.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @Test
    void sleepInAPlainHandlerBeforeTheFxLoopWasUsedSaysEventHandlerAndNamesFxAsyncHandler() throws Exception {
        Child child = run(true, "plain-handler");
        assertEquals(0, child.exitCode(), child.toString());
        assertTrue(child.value("loopBefore").startsWith("IllegalStateException: No event loop is running"),
                "no loop on the FX thread yet:\n" + child);
        String sleep = child.value("sleep");
        assertNotNull(sleep, child.toString());
        assertTrue(sleep.startsWith("IllegalStateException: Async.sleep() was called in a JavaFX event handler"), sleep);
        assertTrue(sleep.contains("FxAsync.handler"), sleep);
        assertFalse(sleep.contains("no event loop runs"), sleep);
    }

    @Test
    void withoutTheJvmOptionTheFirstHandlerAndTheFxLoopFailWithOneSentenceLoggedOnce() throws Exception {
        Child child = run(false, "no-flag");
        assertEquals(0, child.exitCode(), child.toString());
        String handler = child.value("handler");
        String prefix = "IllegalStateException: ";
        assertNotNull(handler, child.toString());
        assertTrue(handler.startsWith(prefix + "loopfx needs the JVM option " + FLAG + " (loopfx is on the class path;"),
                handler);
        assertEquals(handler, child.value("get"), "the FX loop fails to start with the same sentence");
        String message = handler.substring(prefix.length());
        assertTrue(message.endsWith(".") && !message.contains(". "), "one sentence: " + message);
        int logged = 0;
        for (int i = child.err().indexOf("SEVERE: " + message); i >= 0; i = child.err().indexOf("SEVERE: " + message, i + 1)) {
            logged++;
        }
        assertEquals(1, logged, "logged once at ERROR:\n" + child);
    }

    private Child run(boolean withFlag, String scenario) throws Exception {
        List<String> cmd = FxTestSupport.childJvm(withFlag, FirstUseScenario.class, scenario);
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the child JVM did not finish:\n" + Files.readString(out) + "\n" + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        List<String> results = stdout.lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(7)).toList();
        return new Child(results, stdout, Files.readString(err, StandardCharsets.UTF_8), p.exitValue());
    }
}
