package io.loopfx.core;

import io.loopfx.noflag.NoFlagChild;
import io.loopfx.noflag.NoFlagChild.Child;
import io.loopfx.noflag.NoFlagChild.Failure;
import io.loopfx.noflag.NoFlagMain;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Without the JVM option, making any loop fails at once with one sentence that names the option form matching
 * how loopfx was loaded, and that sentence is logged once at ERROR. Each case runs in a child JVM started
 * without the option.
 */
class CoroutineFlagTest {
    private static final String CLASS_PATH_FORM = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String MODULE_PATH_FORM = "--add-exports java.base/jdk.internal.vm=io.loopfx.core";

    @Test
    void onTheClassPathEveryLoopFailsAtCreationNamingTheClassPathFormFirst() throws Exception {
        Child child = NoFlagChild.onClassPath();
        String message = assertEveryAttemptFailedWithOneSentence(child);
        assertTrue(message.startsWith("loopfx needs the JVM option " + CLASS_PATH_FORM + " (loopfx is on the class path;"),
                message);
        assertTrue(message.contains(MODULE_PATH_FORM), message);
        assertTrue(message.contains("Add-Exports: java.base/jdk.internal.vm"), message);
    }

    @Test
    void onTheModulePathTheMessageNamesTheModulePathFormFirst() throws Exception {
        Child child = NoFlagChild.run(List.of("-p", NoFlagChild.location(EventLoop.class), "--add-modules", "io.loopfx.core",
                "-cp", NoFlagChild.location(NoFlagMain.class), NoFlagMain.class.getName()));
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
        Map<String, Failure> failures = child.failures();
        assertEquals(attempts, List.copyOf(failures.keySet()), child.toString());
        String message = failures.get("create").message();
        for (Failure f : failures.values()) {
            assertEquals(IllegalStateException.class.getName(), f.type(), child.toString());
            assertEquals(message, f.message(), "every way to make a loop says the same");
        }
        assertTrue(message.endsWith(".") && !message.contains(". ") && !message.contains("\n"), "one sentence: " + message);
        // System.Logger's default backend (java.util.logging) prints ERROR as SEVERE; once, whatever the attempts.
        assertEquals(1, count(child.err(), "SEVERE: " + message), child.toString());
        return message;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
