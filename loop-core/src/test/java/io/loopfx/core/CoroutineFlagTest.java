package io.loopfx.core;

import io.loopfx.noflag.NoFlagMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Without the JVM option, making any loop fails at once with one sentence that names the option form matching
 * how loopfx was loaded, and that sentence is logged once at ERROR. Each case runs in a child JVM started
 * without the option.
 */
class CoroutineFlagTest {
    private static final String CLASS_PATH_FORM = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String MODULE_PATH_FORM = "--add-exports java.base/jdk.internal.vm=io.loopfx.core";

    @TempDir
    Path dir;

    /** What the child printed: stdout (one line per attempt) and stderr (the log). */
    record Child(List<String> out, String err, int exitCode) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + String.join("\n", out) + "\nstderr:\n" + err;
        }
    }

    @Test
    void onTheClassPathEveryLoopFailsAtCreationNamingTheClassPathFormFirst() throws Exception {
        Child child = run(List.of("-cp", location(EventLoop.class) + File.pathSeparator + location(NoFlagMain.class),
                NoFlagMain.class.getName()));
        String message = assertEveryAttemptFailedWithOneSentence(child);
        assertTrue(message.startsWith("loopfx needs the JVM option " + CLASS_PATH_FORM + " (loopfx is on the class path;"),
                message);
        assertTrue(message.contains(MODULE_PATH_FORM), message);
        assertTrue(message.contains("Add-Exports: java.base/jdk.internal.vm"), message);
    }

    @Test
    void onTheModulePathTheMessageNamesTheModulePathFormFirst() throws Exception {
        Child child = run(List.of("-p", location(EventLoop.class), "--add-modules", "io.loopfx.core",
                "-cp", location(NoFlagMain.class), NoFlagMain.class.getName()));
        String message = assertEveryAttemptFailedWithOneSentence(child);
        assertTrue(message.startsWith("loopfx needs the JVM option " + MODULE_PATH_FORM + " (loopfx is on the module path;"),
                message);
        assertTrue(message.contains(CLASS_PATH_FORM), message);
    }

    /** Checks the child's output and returns the one message every attempt got. */
    private static String assertEveryAttemptFailedWithOneSentence(Child child) {
        assertEquals(0, child.exitCode(), child.toString());
        assertFalse(child.out().stream().anyMatch(l -> l.startsWith("UNEXPECTED")), child.toString());
        List<String> attempts = List.of("create", "withVirtualClock", "run", "hosted");
        assertEquals(attempts.size(), child.out().size(), child.toString());
        String message = null;
        for (int i = 0; i < attempts.size(); i++) {
            String line = child.out().get(i);
            String prefix = attempts.get(i) + ": ";
            assertTrue(line.startsWith(prefix), child.toString());
            if (message == null) message = line.substring(prefix.length());
            else assertEquals(message, line.substring(prefix.length()), "every way to make a loop says the same");
        }
        assertTrue(message.endsWith(".") && !message.contains(". ") && !message.contains("\n"), "one sentence: " + message);
        // System.Logger's default backend (java.util.logging) prints ERROR as SEVERE; once, whatever the attempts.
        assertEquals(1, count(child.err(), "SEVERE: " + message), child.toString());
        return message;
    }

    private Child run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish: " + cmd);
        return new Child(Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                p.exitValue());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
