package io.loopfx.harness;

import javafx.application.Platform;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The harness's command-line runner: runs the catalogue (each scenario against the naive bridge and against
 * loopfx, in child JVMs) on the JavaFX platform this JVM is configured for, prints a Markdown table and
 * writes JSON. Exits with 1 if a loopfx outcome is not the expected one, or differs between repeated runs, or if an
 * exception reached an uncaught-exception handler or the loop's default exception handler during a loopfx run
 * ({@link ScenarioResult#strayErrors()}); the naive bridge's outcomes are reported, not judged (unless
 * {@code --require-reproducible}). Each run of the catalogue against one bridge is one job; {@code --jobs} of them run at the same time (default 2).
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp ... io.loopfx.harness.HarnessMain \
 *      [--repeat N] [--jobs 2] [--bridge naive|loopfx|both] [--only 1,3,8a] [--watchdog-ms 5000] \
 *      [--json out.json] [--markdown out.md] [--platform-name NAME] [--require-reproducible]
 * </pre>
 * Headless Monocle needs {@code -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw} and the
 * Monocle jar on the class path; GTK needs a display ({@code xvfb-run -a}). {@code .ci/harness-10x.sh} builds
 * the class path and runs it ten times on both.
 */
public final class HarnessMain {
    private HarnessMain() {
    }

    /**
     * Runs the runner, or (with {@code --child}) the scenarios the runner hands a child JVM.
     *
     * @param args the options above
     * @throws Exception if the runner cannot write its output
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args);
            return;
        }
        Options o = Options.parse(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<Scenario> scenarios = o.only.isEmpty() ? Catalogue.all() : o.only.stream().map(Catalogue::byId).toList();
        HarnessReport report = new HarnessReport(o.platformName, o.repeat, scenarios);
        long t0 = System.nanoTime();
        out.println("Running " + scenarios.size() + " scenarios x " + o.repeat + " against " + o.bridges.stream()
                .map(Bridge::label).toList() + " on " + o.platformName + ", " + o.jobs + " child JVM(s) at a time ...");
        ExecutorService pool = Executors.newFixedThreadPool(o.jobs);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 1; i <= o.repeat; i++) {
            int run = i;
            for (Bridge bridge : o.bridges) {
                runs.add(pool.submit(() -> ScenarioRunner.runInChildJvms(scenarios, bridge, o.watchdog, r -> {
                    report.add(r);
                    out.printf("  run %-2d %-4s %-6s %-13s %s%n", run, r.scenarioId(), bridge.label(), r.outcome(),
                            HarnessReport.oneLine(r.message(), 100));
                    if (!r.strayErrors().isEmpty()) {
                        out.println("    errors that reached a handler" + (bridge == Bridge.LOOPFX ? " (a failure)" : "")
                                + ":\n      " + String.join("\n      ", r.strayErrors()));
                    }
                    if (bridge == Bridge.LOOPFX && !r.meets(Catalogue.byId(r.scenarioId()).expected())) {
                        out.println("    its event log:\n      " + String.join("\n      ", r.events()));
                    }
                })));
            }
        }
        for (Future<?> f : runs) f.get();
        pool.shutdown();
        report.setDuration(Duration.ofNanos(System.nanoTime() - t0));
        String table = report.markdown();
        out.println();
        out.println(table);
        if (o.markdown != null) Files.writeString(o.markdown, table, StandardCharsets.UTF_8);
        if (o.json != null) Files.writeString(o.json, report.json(), StandardCharsets.UTF_8);
        List<String> problems = report.problems(o.requireReproducible);
        if (problems.isEmpty()) {
            out.println("loopfx: every outcome as expected" + (o.repeat > 1 ? ", identical in all " + o.repeat + " runs" : "")
                    + (report.naiveReproducible() ? "; naive outcomes reproducible too" : "; naive outcomes varied between runs")
                    + " (" + report.duration().toSeconds() + " s)");
        } else {
            problems.forEach(p -> out.println("PROBLEM: " + p));
        }
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** A child JVM: runs the given scenarios, prints one result line each, and ends (halts) its JVM. */
    private static void child(String[] args) throws Exception {
        ScenarioRunner.installStrayErrorRecorders();
        Bridge bridge = Bridge.of(args[1]);
        Duration watchdog = Duration.ofMillis(Long.parseLong(args[3]));
        List<Scenario> items = Arrays.stream(args, 4, args.length).map(Catalogue::byId).toList();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        int status = 0;
        try {
            if (items.getFirst().needsOwnToolkit()) {
                out.println(ChildJvm.PREFIX + ChildJvm.encode(ScenarioRunner.runOwnToolkit(items.getFirst(), bridge, watchdog)));
                return;
            }
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            Platform.setImplicitExit(false);
            for (Scenario s : items) {
                ScenarioResult r = ScenarioRunner.runShared(s, bridge, watchdog);
                out.println(ChildJvm.PREFIX + ChildJvm.encode(r));
                if (!r.toolkitReusable()) return; // the runner goes on in a new JVM
            }
        } catch (Throwable t) {
            // Non-zero, so that the runner can tell a child that failed (a display that refused the connection
            // for a moment, say) from one that ended as it should, and start it again if no scenario ran.
            status = 1;
            t.printStackTrace(out);
        } finally {
            out.flush();
            Runtime.getRuntime().halt(status); // a wedged FX thread must not keep this JVM alive
        }
    }

    /** The runner's command-line options. */
    private record Options(int repeat, int jobs, List<Bridge> bridges, List<String> only, Duration watchdog, Path json,
                           Path markdown, String platformName, boolean requireReproducible) {
        static Options parse(String[] args) {
            int repeat = 1;
            int jobs = 2;
            List<Bridge> bridges = List.of(Bridge.NAIVE, Bridge.LOOPFX);
            List<String> only = List.of();
            Duration watchdog = ScenarioRunner.DEFAULT_WATCHDOG;
            Path json = null;
            Path markdown = null;
            String platform = defaultPlatformName();
            boolean reproducible = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                    case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                    case "--bridge" -> {
                        String b = args[++i];
                        bridges = b.equals("both") ? List.of(Bridge.NAIVE, Bridge.LOOPFX) : List.of(Bridge.of(b));
                    }
                    case "--only" -> only = List.of(args[++i].split(","));
                    case "--watchdog-ms" -> watchdog = Duration.ofMillis(Long.parseLong(args[++i]));
                    case "--json" -> json = Path.of(args[++i]);
                    case "--markdown" -> markdown = Path.of(args[++i]);
                    case "--platform-name" -> platform = args[++i];
                    case "--require-reproducible" -> reproducible = true;
                    default -> throw new IllegalArgumentException("Unknown option " + a + "; see the Javadoc of "
                            + HarnessMain.class.getName());
                }
            }
            if (repeat < 1 || jobs < 1) throw new IllegalArgumentException("--repeat and --jobs must be at least 1");
            return new Options(repeat, jobs, bridges, only, watchdog, json, markdown, platform, reproducible);
        }
    }

    static String defaultPlatformName() {
        return "monocle".equalsIgnoreCase(System.getProperty("glass.platform")) ? "Monocle (headless)"
                : System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux") ? "GTK"
                : System.getProperty("os.name");
    }
}
