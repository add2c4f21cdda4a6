package io.loopfx.noflag;

import io.loopfx.core.EventLoop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link NoFlagMain} in a child JVM without the {@code --add-exports} option and reads what it printed.
 * Shared by {@code CoroutineFlagTest} (both ways of loading loopfx) and the bad-input table's missing-flag rows
 * (the class path, one run for all of them: {@link #onClassPath()}).
 */
public final class NoFlagChild {
    /** The child's run on the class path, made by the first {@link #onClassPath()} call. */
    private static Child onClassPath;

    private NoFlagChild() {
    }

    /**
     * What the child printed.
     *
     * @param out      stdout, one line per attempt
     * @param err      stderr (the log)
     * @param exitCode the child's exit code
     */
    public record Child(List<String> out, String err, int exitCode) {
        /**
         * The failures by attempt ({@code create}, {@code withVirtualClock}, {@code run}, {@code hosted}), from the
         * lines {@code attempt: exception class: message}; lines of another form are left out.
         *
         * @return attempt -> its failure, in the child's order
         */
        public Map<String, Failure> failures() {
            Map<String, Failure> m = new LinkedHashMap<>();
            for (String line : out) {
                String[] parts = line.split(": ", 3);
                if (parts.length == 3 && !line.startsWith(NoFlagMain.UNEXPECTED)) m.put(parts[0], new Failure(parts[1], parts[2]));
            }
            return m;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + String.join("\n", out) + "\nstderr:\n" + err;
        }
    }

    /**
     * One attempt's exception.
     *
     * @param type    its class name
     * @param message its message
     */
    public record Failure(String type, String message) {
    }

    /**
     * Runs the child JVM with {@code args} (after {@code java}) and waits for it, at most a minute.
     *
     * @param args the JVM's arguments: paths and the main class
     * @return what it printed
     * @throws Exception if it could not be started or did not finish
     */
    public static Child run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Path dir = Files.createTempDirectory("loopfx-noflag");
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the child JVM did not finish: " + cmd);
            }
            return new Child(Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    p.exitValue());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The child with loopfx and {@link NoFlagMain} on the class path, run once per test JVM and cached: the
     * bad-input rows of every way to make a loop share it.
     *
     * @return what it printed
     * @throws Exception if it could not be run
     */
    public static synchronized Child onClassPath() throws Exception {
        if (onClassPath == null) {
            onClassPath = run(List.of("-cp", location(EventLoop.class) + File.pathSeparator + location(NoFlagMain.class),
                    NoFlagMain.class.getName()));
        }
        return onClassPath;
    }

    /**
     * Rebuilds the exception {@code attempt} failed with in the class-path child, with its type and message, for a
     * bad-input row to throw; returns normally if the attempt made a loop.
     *
     * @param attempt {@code create}, {@code withVirtualClock}, {@code run} or {@code hosted}
     * @throws Throwable the rebuilt exception
     */
    public static void rethrow(String attempt) throws Throwable {
        Child child = onClassPath();
        Failure f = child.failures().get(attempt);
        if (f == null) {
            if (child.out().contains(NoFlagMain.UNEXPECTED + attempt + " made a loop")) return;
            throw new AssertionError("the child printed no line for " + attempt + ": " + child);
        }
        throw (Throwable) Class.forName(f.type()).getConstructor(String.class).newInstance(f.message());
    }

    /**
     * The directory or jar {@code c} was loaded from.
     *
     * @param c a class
     * @return its code source, as a path
     */
    public static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
