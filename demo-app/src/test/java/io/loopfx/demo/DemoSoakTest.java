package io.loopfx.demo;

import io.loopfx.core.Async;
import io.loopfx.core.LoopStats;
import io.loopfx.core.Task;
import io.loopfx.demo.downloads.DownloadRow;
import io.loopfx.demo.downloads.RemoteFile;
import io.loopfx.demo.search.JdkClassIndex;
import io.loopfx.fx.FxEventLoop;
import io.loopfx.fx.FxTaskState;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The soak: the demo window under its own workloads for {@code -Dloopfx.soak.minutes} minutes (downloads, some
 * cancelled and some failing first; search as you type; Mandelbrot renders, some cancelled; the three kinds of
 * dialog, answered by a simulated user or left to time out; floods of a million callbacks; tab switches), while a
 * sampler writes, once a second, the heap (after a full collection, every {@value #GC_EVERY_SECONDS} s), the loop's
 * live tasks, ready callbacks and timers, the lateness of a probe timer and the longest gap between pulses, into a
 * CSV file ({@code demo-app/target/soak/soak.csv}; {@code demo-app/src/test/soak/plot.py} draws it as SVG).
 *
 * <p>Not part of the normal build (tag "soak", run by the Maven profile {@code soak}; see docs/reliability.md). What
 * it asserts: nothing reaches an uncaught-exception handler or the loop's default handler (the error guard), and
 * once the workloads stop and their work has drained, the loop holds exactly the tasks it held before they started.
 * The figures are recorded, not asserted.
 */
@Tag("soak")
class DemoSoakTest {
    /**
     * How long the simulated user waits for the window (a dialog to show, a probe to answer). Long: the soak runs
     * niced beside other work, and a flood of a million callbacks can take the FX thread a minute when it gets
     * little CPU. The figures show how long things took; only a window that is stuck for this long fails.
     */
    private static final long TIMEOUT_SECONDS = 600;
    /**
     * How long one step of the simulated user may wait for something that should take seconds (a dialog to show or
     * close, the timed one after its 5 s): past it the step fails with the loop's task dump, the open windows and the
     * threads' stacks, instead of waiting {@link #TIMEOUT_SECONDS} in silence. Generous for a loaded machine.
     */
    private static final long STEP_TIMEOUT_SECONDS = Long.getLong("loopfx.soak.stepTimeoutSeconds", 60);
    private static final int GC_EVERY_SECONDS = 30;
    /** How often the probe task sleeps; its lateness is the loop's timer lateness. */
    private static final Duration PROBE = Duration.ofMillis(20);
    private static final List<RemoteFile> FILES = List.of(
            new RemoteFile("small.bin", 96 * 1024), new RemoteFile("medium.bin", 700 * 1024),
            new RemoteFile("large.bin", 2 * 1024 * 1024 + 13));
    private static final String[] QUERIES = {"HashMap", "Concurrent", "Stream", "Buffer", "List", "Executor",
            "Socket", "Reader", "Future", "Path", "x", "Lock", "Charset", "zip", "Random"};

    private final long seed = Long.getLong("loopfx.soak.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private DemoApp app;
    private Path folder;
    private FxEventLoop loop;

    // Workload counters (the driver thread, except where noted).
    private int downloadsQueued, downloadsCancelled, searches, renders, rendersCancelled, dialogs, floods;
    private final AtomicLong downloadsDone = new AtomicLong(); // FX thread
    private final int[] dialogsByKind = new int[3]; // showAsync, showAndWait, timed

    // The step the driver is in (its random pick) and since when: the watchdog reads them.
    private volatile int step = -1;
    private volatile long stepStarted = System.nanoTime();

    // Measurements, written on the FX thread, read and reset by the sampler on the FX thread.
    private long probeLateMax, probeLateSum, probeWakes, pulseGapMax, lastPulse, pulses;

    @Test
    void theFxLoopUnderTheDemosWorkloads() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("loopfx.soak.minutes", "2"));
        Path out = Path.of(System.getProperty("loopfx.soak.out", "target/soak/soak.csv"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        start();
        try {
            Task<?> probe = onFx(this::startProbes);
            int baselineTasks = onFx(() -> loop.stats().liveTasks());
            long end = System.nanoTime() + (long) (minutes * 60e9);
            Sampler sampler = new Sampler(out);
            Thread samplerThread = new Thread(sampler, "soak-sampler");
            samplerThread.setDaemon(true);
            samplerThread.start();
            System.out.printf(Locale.ROOT, "soak: %.1f min, seed %d, writing %s%n", minutes, seed, out.toAbsolutePath());
            Thread watchdog = new Thread(this::watch, "soak-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                drive(end);
            } finally {
                watchdog.interrupt();
                sampler.stop = true;
                samplerThread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            }
            quiesce();
            int leftTasks = onFx(() -> loop.stats().liveTasks());
            System.out.printf(Locale.ROOT, "soak done: %d downloads queued (%d done, %d cancelled), %d searches, "
                            + "%d renders (%d cancelled), %d dialogs (showAsync %d, showAndWait %d, timed %d), %d floods; %d "
                            + "samples; live tasks %d at the start, %d at the end%n", downloadsQueued,
                    downloadsDone.get(), downloadsCancelled, searches, renders, rendersCancelled, dialogs,
                    dialogsByKind[0], dialogsByKind[1], dialogsByKind[2], floods, sampler.rows, baselineTasks, leftTasks);
            assertEquals(baselineTasks, leftTasks, "tasks left over once the workloads had drained: "
                    + onFx(() -> loop.allTasks().toString()));
            onFx(() -> probe.cancel());
        } finally {
            FxToolkit.cleanupApplication(app);
            deleteFolder();
        }
    }

    private void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        folder = Files.createTempDirectory("loopfx-soak");
        // 1 MB/s per download, two at a time: a download takes 0.1 to 2 s, so a few are always queued or running.
        DemoConfig config = new DemoConfig(folder, 1024 * 1024, FILES, 2, new JdkClassIndex(Duration.ofMillis(120)));
        app = (DemoApp) FxToolkit.setupApplication(() -> new DemoApp(config));
        loop = FxEventLoop.get();
    }

    /** FX thread: the probe task (timer lateness) and the pulse timer (gaps between pulses). */
    private Task<?> startProbes() {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastPulse != 0) pulseGapMax = Math.max(pulseGapMax, now - lastPulse);
                lastPulse = now;
                pulses++;
            }
        }.start();
        return loop.createTask("soak timer probe", () -> {
            while (true) {
                long due = loop.time() + PROBE.toNanos();
                Async.sleep(PROBE);
                long late = loop.time() - due;
                probeLateMax = Math.max(probeLateMax, late);
                probeLateSum += late;
                probeWakes++;
            }
        });
    }

    // ------------------------------------------------------------------ the simulated user

    /** Runs a random workload step every 0.1 to 1 s until {@code end}. */
    private void drive(long end) throws Exception {
        long nextFlood = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (System.nanoTime() > nextFlood) {
                flood();
                nextFlood = System.nanoTime() + TimeUnit.SECONDS.toNanos(180 + random.nextInt(120));
            }
            int pick = random.nextInt(100);
            stepStarted = System.nanoTime();
            step = pick;
            if (pick < 35) download();
            else if (pick < 45) cancelADownload();
            else if (pick < 65) search();
            else if (pick < 72) render();
            else if (pick < 85) dialog();
            else if (pick < 92) switchTab();
            else tidy();
            Thread.sleep(100 + random.nextInt(900));
        }
    }

    /**
     * Prints the diagnostics once for a driver step that has run for twice {@link #STEP_TIMEOUT_SECONDS} (one that
     * is stuck outside the waits that fail by themselves); the test goes on.
     */
    private void watch() {
        long reported = 0;
        try {
            while (true) {
                Thread.sleep(5_000);
                long since = stepStarted;
                if (since != reported && System.nanoTime() - since > TimeUnit.SECONDS.toNanos(2 * STEP_TIMEOUT_SECONDS)) {
                    reported = since;
                    System.err.printf(Locale.ROOT, "soak watchdog: the driver's step (pick %d) has run for %.0f s "
                            + "(seed %d)%n%s%n", step, (System.nanoTime() - since) / 1e9, seed, diagnostics());
                }
            }
        } catch (InterruptedException done) {
            // the driver finished
        }
    }

    private void download() throws Exception {
        int running = onFx(() -> (int) rows().stream().filter(r -> r.job().isRunning()).count());
        if (running >= 6) return; // a user waits for some to finish
        RemoteFile file = FILES.get(random.nextInt(FILES.size()));
        boolean failFirst = random.nextInt(5) == 0; // the server answers 503 twice, the row retries with back-off
        onFx(() -> {
            ComboBox<RemoteFile> files = node("#download-file");
            files.getSelectionModel().select(file);
            this.<CheckBox>node("#download-fail").setSelected(failFirst);
            this.<Button>node("#download-start").fire();
            this.<CheckBox>node("#download-fail").setSelected(false);
            DownloadRow row = rows().getLast();
            row.job().stateProperty().addListener((o, was, now) -> {
                if (now == FxTaskState.State.SUCCEEDED) downloadsDone.incrementAndGet();
            });
            return null;
        });
        downloadsQueued++;
    }

    private void cancelADownload() throws Exception {
        boolean cancelled = onFx(() -> {
            List<DownloadRow> running = rows().stream().filter(r -> r.job().isRunning()).toList();
            if (running.isEmpty()) return false;
            DownloadRow row = running.get(random.nextInt(running.size()));
            ((Button) row.lookup(".download-cancel")).fire();
            return true;
        });
        if (cancelled) downloadsCancelled++;
    }

    /** Types a query key by key, 40 to 250 ms apart: most keystrokes cancel the search of the previous one. */
    private void search() throws Exception {
        String q = QUERIES[random.nextInt(QUERIES.length)];
        onFx(() -> {
            this.<TextField>node("#search-field").clear();
            return null;
        });
        for (int i = 1; i <= q.length(); i++) {
            String prefix = q.substring(0, i);
            onFx(() -> {
                this.<TextField>node("#search-field").setText(prefix);
                return null;
            });
            Thread.sleep(40 + random.nextInt(210));
        }
        searches++;
    }

    /** Starts a render if none runs; one in four is cancelled half a second to two seconds later. */
    private void render() throws Exception {
        boolean started = onFx(() -> {
            Button b = node("#work-render");
            if (b.isDisabled()) return false;
            b.fire();
            return true;
        });
        if (!started) return;
        renders++;
        if (random.nextInt(4) == 0) {
            Thread.sleep(500 + random.nextInt(1500));
            boolean cancelled = onFx(() -> {
                Button c = node("#work-cancel");
                if (c.isDisabled()) return false;
                c.fire();
                return true;
            });
            if (cancelled) rendersCancelled++;
        }
    }

    /**
     * Opens one of the Dialogs tab's dialogs (showAsync, showAndWait inside a task, or showAsync under a 5 s
     * timeout) and answers it 0.2 to 3 s later; the timed one is sometimes left to close itself.
     */
    private void dialog() throws Exception {
        if (onFx(() -> openDialog() != null)) return;
        String[] buttons = {"#dialogs-show-async", "#dialogs-show-and-wait", "#dialogs-timeout"};
        int kind = random.nextInt(buttons.length);
        AtomicBoolean shown = pressForDialog(buttons[kind]);
        dialogs++;
        dialogsByKind[kind]++;
        // Not openDialog(): on a loaded machine the timed dialog may have closed itself before the first look.
        waitUntil("the dialog shows", STEP_TIMEOUT_SECONDS, shown::get);
        if (kind == 2 && random.nextBoolean()) {
            // 5 s, by a timer of the loop, which waits behind a flood's callbacks: twice the time of a step
            waitUntil("the timed dialog closes itself", 2 * STEP_TIMEOUT_SECONDS, () -> openDialog() == null);
            return;
        }
        Thread.sleep(200 + random.nextInt(2800));
        ButtonType answer = random.nextBoolean() ? ButtonType.YES : ButtonType.NO;
        onFx(() -> {
            DialogPane pane = openDialog();
            if (pane != null) ((ButtonBase) pane.lookupButton(answer)).fire(); // may have timed out meanwhile
            return null;
        });
        waitUntil("the dialog closes", STEP_TIMEOUT_SECONDS, () -> openDialog() == null);
    }

    /**
     * Fires the button {@code id}, one that opens a dialog, on the FX thread and returns at once, without waiting for
     * {@code fire()} to return, as a click does: {@code FxAsync.handler} starts its task eagerly, inside
     * {@code fire()}, and the showAndWait button's task blocks there in the dialog's nested event loop until the
     * dialog closes, so a {@code fire()} the driver waited for ({@link #onFx}) would return only once the driver had
     * answered the dialog (it hung the soak until the timeout). Returns a flag set once a dialog window was added,
     * so that a dialog that shows and closes between two looks of the driver (the timed one, after 5 s) is still
     * seen. A failure in the handler reaches the FX thread's uncaught-exception handler, which the error guard
     * reports.
     */
    static AtomicBoolean pressForDialog(String id) {
        AtomicBoolean shown = new AtomicBoolean();
        Platform.runLater(() -> {
            ListChangeListener<Window> watch = change -> {
                while (change.next()) {
                    for (Window w : change.getAddedSubList()) {
                        if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane) shown.set(true);
                    }
                }
            };
            Window.getWindows().addListener(watch);
            try {
                DemoSoakTest.<ButtonBase>nodeIn(id).fire(); // the showAndWait button's returns once its dialog closed
            } finally {
                Window.getWindows().removeListener(watch);
            }
        });
        return shown;
    }

    /** A million callbacks at once (the Loop monitor tab's Flood button). */
    private void flood() throws Exception {
        onFx(() -> {
            this.<Button>node("#monitor-flood").fire();
            return null;
        });
        floods++;
    }

    private void switchTab() throws Exception {
        String[] tabs = {"Downloads", "Search", "Work", "Dialogs", "Loop monitor"};
        String tab = tabs[random.nextInt(tabs.length)];
        onFx(() -> app.showTab(tab));
    }

    /**
     * What a user of a long-running window does now and then: removes finished download rows (the demo keeps them)
     * and their files. Without it the scene graph and the folder would grow with every download, which the heap
     * figures would show as the loop's.
     */
    private void tidy() throws Exception {
        List<Path> finished = onFx(() -> {
            List<Path> files = new ArrayList<>();
            for (DownloadRow r : rows()) {
                if (r.job().getState() == FxTaskState.State.SUCCEEDED) {
                    files.add(r.job().getValue());
                    ((Pane) r.getParent()).getChildren().remove(r);
                }
            }
            return files;
        });
        for (Path p : finished) Files.deleteIfExists(p);
    }

    /** Lets every download, render, search and dialog finish, and the last flood drain. */
    private void quiesce() throws Exception {
        waitUntil("no dialog open", STEP_TIMEOUT_SECONDS, () -> openDialog() == null);
        waitUntil("downloads finished", () -> rows().stream().noneMatch(r -> r.job().isRunning()));
        waitUntil("no render running", () -> !this.<Button>node("#work-render").isDisabled());
        waitUntil("the flood drained", () -> loop.stats().readyCallbacks() < 10);
        Thread.sleep(1_000); // the last search's debounce and query
        waitUntil("the last search ended", () -> loop.allTasks().stream().noneMatch(t -> t.name().startsWith("search")));
    }

    // ------------------------------------------------------------------ sampling

    /** Writes one CSV row a second; the FX thread takes the figures, so a late row shows an unresponsive thread. */
    private final class Sampler implements Runnable {
        final Path out;
        volatile boolean stop;
        int rows;

        Sampler(Path out) {
            this.out = out;
        }

        @Override
        public void run() {
            long t0 = System.nanoTime();
            long lastGc = t0;
            double heapMb = Double.NaN;
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
                w.println("# loopfx soak: the demo under its workloads; started " + Instant.now() + ", JDK "
                        + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, platform "
                        + System.getProperty("glass.platform", "gtk"));
                w.println("t_s,heap_after_gc_mb,heap_used_mb,live_tasks,ready_callbacks,timers,iterations,"
                        + "timer_late_max_ms,timer_late_mean_ms,pulse_gap_max_ms,pulses,fx_round_trip_ms,gc_ms,"
                        + "downloads_done,searches,renders,dialogs,floods");
                long nextRow = t0;
                while (!stop) {
                    nextRow += TimeUnit.SECONDS.toNanos(1);
                    long wait = nextRow - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                    double gcMs = Double.NaN;
                    if (System.nanoTime() - lastGc >= TimeUnit.SECONDS.toNanos(GC_EVERY_SECONDS)) {
                        long g0 = System.nanoTime();
                        System.gc();
                        gcMs = (System.nanoTime() - g0) / 1e6;
                        heapMb = usedHeapMb();
                        lastGc = System.nanoTime();
                    }
                    long asked = System.nanoTime();
                    String fx = onFx(this::takeFxFigures); // waits behind whatever the FX thread is doing
                    double roundTripMs = (System.nanoTime() - asked) / 1e6;
                    w.printf(Locale.ROOT, "%.1f,%s,%.1f,%s,%.2f,%s,%d,%d,%d,%d,%d%n", (asked - t0) / 1e9,
                            Double.isNaN(heapMb) ? "" : String.format(Locale.ROOT, "%.1f", heapMb), usedHeapMb(), fx,
                            roundTripMs, Double.isNaN(gcMs) ? "" : String.format(Locale.ROOT, "%.1f", gcMs),
                            downloadsDone.get(), searches, renders, dialogs, floods);
                    w.flush();
                    heapMb = Double.NaN;
                    rows++;
                }
            } catch (Exception e) {
                throw new IllegalStateException("the soak's sampler failed", e);
            }
        }

        /** FX thread: the loop's figures and the probes' since the last row, which it resets. */
        private String takeFxFigures() {
            LoopStats s = loop.stats();
            String row = String.format(Locale.ROOT, "%d,%d,%d,%d,%.2f,%.2f,%.2f,%d", s.liveTasks(), s.readyCallbacks(),
                    s.timers() - s.cancelledTimers(), s.iterations(), probeLateMax / 1e6,
                    probeWakes == 0 ? Double.NaN : probeLateSum / 1e6 / probeWakes, pulseGapMax / 1e6, pulses);
            probeLateMax = probeLateSum = probeWakes = pulseGapMax = pulses = 0;
            return row;
        }
    }

    private static double usedHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    // ------------------------------------------------------------------ helpers (FX thread unless said)

    private List<DownloadRow> rows() {
        List<DownloadRow> out = new ArrayList<>();
        for (Node n : this.<Pane>node("#download-list").getChildrenUnmodifiable()) {
            if (n instanceof DownloadRow r) out.add(r);
        }
        return out;
    }

    /** The pane of the dialog that is showing, if one is. */
    static DialogPane openDialog() {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof DialogPane p) return p;
        }
        return null;
    }

    private <T extends Node> T node(String id) {
        return nodeIn(id);
    }

    /** The node {@code id} in any open window. FX thread. */
    @SuppressWarnings("unchecked")
    static <T extends Node> T nodeIn(String id) {
        for (Window w : Window.getWindows()) {
            if (w.getScene() == null) continue;
            Node n = w.getScene().lookup(id);
            if (n != null) return (T) n;
        }
        throw new AssertionError("no node " + id);
    }

    /** Runs {@code body} on the FX thread (any thread but the FX thread). */
    private static <T> T onFx(Callable<T> body) throws Exception {
        return WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(body));
    }

    private void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        waitUntil(what, TIMEOUT_SECONDS, condition);
    }

    /**
     * Polls {@code condition} on the FX thread until it holds; after {@code seconds} fails with what it waited for
     * and {@link #diagnostics()}.
     */
    private void waitUntil(String what, long seconds, Callable<Boolean> condition) throws Exception {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
        while (!onFx(condition)) {
            if (System.nanoTime() > deadline) {
                String message = String.format(Locale.ROOT, "timed out after %.1f s waiting for: %s (seed %d)%n%s",
                        (System.nanoTime() - started) / 1e9, what, seed, diagnostics());
                System.err.println("soak: " + message);
                throw new AssertionError(message);
            }
            Thread.sleep(20); // polling a condition, not a timing guess
        }
    }

    /**
     * What a stuck step needs to be understood: the loop's task dump and the open windows (taken on the FX thread,
     * or from here if it does not answer within 10 s), the soak's counters and every thread's stack.
     */
    private String diagnostics() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "counters: %d downloads queued (%d done, %d cancelled), %d searches, "
                        + "%d renders (%d cancelled), %d dialogs, %d floods%n", downloadsQueued, downloadsDone.get(),
                downloadsCancelled, searches, renders, rendersCancelled, dialogs, floods));
        String fxPart;
        try {
            fxPart = WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(
                    () -> "task dump (FX thread):\n" + loop.dumpTasks() + "\nwindows (FX thread):\n" + windows()));
        } catch (Exception | AssertionError fxDidNotAnswer) {
            String dump;
            try {
                dump = String.valueOf(loop.dumpTasks());
            } catch (RuntimeException e) {
                dump = "(dumpTasks failed: " + e + ")";
            }
            fxPart = "the FX thread did not answer within 10 s (" + fxDidNotAnswer + ")\ntask dump (from "
                    + Thread.currentThread().getName() + "):\n" + dump + "\nwindows (read off the FX thread):\n"
                    + windows();
        }
        sb.append(fxPart);
        sb.append("threads:\n");
        Thread.getAllStackTraces().entrySet().stream()
                .sorted(Comparator.comparing((java.util.Map.Entry<Thread, StackTraceElement[]> e) ->
                        !e.getKey().getName().equals("JavaFX Application Thread") && e.getKey() != Thread.currentThread())
                        .thenComparing(e -> e.getKey().getName()))
                .forEach(e -> {
                    Thread t = e.getKey();
                    sb.append(String.format(Locale.ROOT, "\"%s\" %s%s%s%n", t.getName(), t.getState(),
                            t.isDaemon() ? " daemon" : "", t.isVirtual() ? " virtual" : ""));
                    for (StackTraceElement f : e.getValue()) sb.append("    at ").append(f).append('\n');
                });
        return sb.toString();
    }

    /** One line for each window JavaFX knows: class, showing, title, focus, the root of its scene. */
    private static String windows() {
        StringBuilder sb = new StringBuilder();
        for (Window w : new ArrayList<>(Window.getWindows())) {
            String title = w instanceof javafx.stage.Stage st ? st.getTitle() : null;
            sb.append(String.format(Locale.ROOT, "  %s showing=%s title=%s focused=%s root=%s%n",
                    w.getClass().getName(), w.isShowing(), title, w.isFocused(),
                    w.getScene() == null ? null : w.getScene().getRoot().getClass().getSimpleName()));
        }
        if (sb.isEmpty()) sb.append("  (none)\n");
        return sb.toString();
    }

    private void deleteFolder() throws IOException {
        if (folder == null) return;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
