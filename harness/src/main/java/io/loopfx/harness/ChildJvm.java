package io.loopfx.harness;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs scenarios in child JVMs ({@code HarnessMain --child}) and reads their results back: one line per
 * result, {@value #PREFIX} and the serialized {@link ScenarioResult} in Base64. A child that dies or stops
 * answering costs the scenario it was running ({@link ScenarioOutcome#LOOP_DEAD}); the rest go on in a new child.
 */
final class ChildJvm {
    static final String PREFIX = "HARNESS-RESULT ";
    private static final String[] PASSED_PROPERTIES = {"glass.platform", "monocle.platform", "prism.order",
            "java.awt.headless", "prism.verbose", "testfx.robot", "testfx.headless", "glass.gtk.uiScale"};
    private static final String EOF = new String("end of output");
    /** Toolkit start-up and the watchdog's probes, on top of the watchdog, before a silent child is killed. */
    private static final long GRACE_MILLIS = 30_000;

    private ChildJvm() {
    }

    static List<ScenarioResult> run(List<Scenario> scenarios, Bridge bridge, Duration watchdog,
                                    Consumer<ScenarioResult> progress) {
        List<ScenarioResult> out = new ArrayList<>();
        ArrayDeque<Scenario> shared = new ArrayDeque<>();
        for (Scenario s : scenarios) {
            if (s.needsOwnToolkit()) {
                flushShared(shared, bridge, watchdog, progress, out);
                runBatch(List.of(s), bridge, watchdog, progress, out);
            } else {
                shared.add(s);
            }
        }
        flushShared(shared, bridge, watchdog, progress, out);
        return out;
    }

    private static void flushShared(ArrayDeque<Scenario> shared, Bridge bridge, Duration watchdog,
                                    Consumer<ScenarioResult> progress, List<ScenarioResult> out) {
        while (!shared.isEmpty()) {
            List<ScenarioResult> got = runBatch(List.copyOf(shared), bridge, watchdog, progress, out);
            for (int i = 0; i < got.size(); i++) shared.poll();
        }
    }

    /**
     * Runs {@code batch} in one child until it ends; returns the results it gave (at least one). A child that
     * fails before its first result (a display that refuses the connection for a moment, say) is started
     * again, twice at most: no scenario ran in it.
     */
    private static List<ScenarioResult> runBatch(List<Scenario> batch, Bridge bridge, Duration watchdog,
                                                 Consumer<ScenarioResult> progress, List<ScenarioResult> out) {
        for (int attempt = 1; ; attempt++) {
            List<ScenarioResult> got = runChild(batch, bridge, watchdog, progress, attempt < 3);
            if (got.isEmpty() && attempt < 3 && !Thread.currentThread().isInterrupted()) continue;
            if (got.isEmpty()) throw new IllegalStateException("No child JVM of the harness gave a result for " + batch);
            out.addAll(got);
            return got;
        }
    }

    /** One child JVM; returns no results only if it failed before its first one and {@code mayRetry}. */
    private static List<ScenarioResult> runChild(List<Scenario> batch, Bridge bridge, Duration watchdog,
                                                 Consumer<ScenarioResult> progress, boolean mayRetry) {
        List<ScenarioResult> got = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        Process p;
        try {
            p = new ProcessBuilder(command(batch, bridge, watchdog)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a child JVM for the harness", e);
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException ignored) {
                // the child was killed
            } finally {
                lines.add(EOF);
            }
        }, "harness-child-reader");
        reader.setDaemon(true);
        reader.start();
        long silentLimit = watchdog.toMillis() + GRACE_MILLIS;
        try {
            while (got.size() < batch.size()) {
                String line = lines.poll(silentLimit, TimeUnit.MILLISECONDS);
                if (line == EOF && !got.isEmpty() && !got.getLast().toolkitReusable()) break; // it ended as it should
                if (line == EOF && got.isEmpty() && mayRetry && !"0".equals(exitCode(p))) {
                    System.err.println("harness: a child JVM failed before its first result (exit code " + exitCode(p)
                            + "); starting it again. Its last output: " + String.join(" | ", tail));
                    break;
                }
                if (line == null || line == EOF) {
                    boolean killed = line == null;
                    if (killed) p.destroyForcibly();
                    Scenario lostOne = batch.get(got.size());
                    ScenarioResult dead = new ScenarioResult(lostOne.id(), bridge, ScenarioOutcome.LOOP_DEAD,
                            (killed ? "the child JVM stopped answering and was killed" : "the child JVM ended without a "
                                    + "result (exit code " + exitCode(p) + ")") + "; its last output: " + String.join(" | ", tail),
                            List.of(), List.of(), watchdog, false, List.of());
                    got.add(dead);
                    progress.accept(dead);
                    break;
                }
                if (line.startsWith(PREFIX)) {
                    ScenarioResult r = decode(line.substring(PREFIX.length()));
                    got.add(r);
                    progress.accept(r);
                } else {
                    tail.add(line);
                    if (tail.size() > 8) tail.removeFirst();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return got;
    }

    private static String exitCode(Process p) {
        try {
            return p.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The child's command line: this JVM's java, class or module path, export flags and platform properties. */
    static List<String> command(List<Scenario> batch, Bridge bridge, Duration watchdog) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : PASSED_PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) cmd.add("-D" + p + "=" + v);
        }
        boolean modular = ChildJvm.class.getModule().isNamed();
        String modulePath = System.getProperty("jdk.module.path");
        if (modular && modulePath != null) {
            cmd.add("--add-exports=java.base/jdk.internal.vm=io.loopfx.core");
            cmd.add("--add-exports=javafx.graphics/com.sun.javafx.tk=io.loopfx.fx");
            cmd.add("--add-opens=javafx.graphics/com.sun.javafx.application=io.loopfx.fx");
            cmd.add("--module-path");
            cmd.add(modulePath);
            String cp = System.getProperty("java.class.path");
            if (cp != null && !cp.isEmpty()) {
                cmd.add("-cp");
                cmd.add(cp);
            }
            cmd.add("-m");
            cmd.add(ChildJvm.class.getModule().getName() + "/" + HarnessMain.class.getName());
        } else {
            cmd.add("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(HarnessMain.class.getName());
        }
        cmd.add("--child");
        cmd.add(bridge.label());
        cmd.add("--watchdog-ms");
        cmd.add(String.valueOf(watchdog.toMillis()));
        for (Scenario s : batch) cmd.add(s.id());
        return cmd;
    }

    static String encode(ScenarioResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static ScenarioResult decode(String base64) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return (ScenarioResult) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Unreadable result from a child JVM", e);
        }
    }
}
