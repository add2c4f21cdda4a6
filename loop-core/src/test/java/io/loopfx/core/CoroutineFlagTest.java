package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Without the JVM flag, the first coroutine use fails with one clear message naming the flag. */
class CoroutineFlagTest {

    @Test
    void aJvmWithoutTheFlagGetsAClearErrorNamingIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = location(EventLoop.class) + File.pathSeparator + location(NoFlagMain.class);
        Process p = new ProcessBuilder(java, "-cp", cp, NoFlagMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("callbacks work without the flag"), out);
        assertTrue(out.contains("ERROR: loopfx coroutines need"), out);
        assertTrue(out.contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), out);
        assertTrue(out.contains("--add-exports java.base/jdk.internal.vm=io.loopfx.core"), out);
        assertTrue(out.contains("Add-Exports: java.base/jdk.internal.vm"), out);
        assertFalse(out.contains("UNEXPECTED"), out);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
