package io.loopfx.demo;

import io.loopfx.core.Async;
import io.loopfx.core.Task;
import io.loopfx.demo.downloads.DownloadRow;
import io.loopfx.demo.downloads.DownloadServer;
import io.loopfx.demo.downloads.RemoteFile;
import io.loopfx.demo.search.JdkClassIndex;
import io.loopfx.demo.search.SearchSource;
import io.loopfx.fx.FxEventLoop;
import io.loopfx.harness.Scenario;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the real demo window with TestFX (Monocle by default, GTK with {@code -Pgtk} under xvfb-run): the
 * clicks and keystrokes go through the robot, the checks read the scene graph on the FX thread. With
 * {@code -Dloopfx.screenshots=DIR} a last test saves a picture of every tab (docs/demo.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEndToEndTest {
    private static final long TIMEOUT_SECONDS = 30;
    private static final long RENDER_TIMEOUT_SECONDS = 120;
    private static final List<RemoteFile> FILES = List.of(
            new RemoteFile("alpha.bin", 300 * 1024), new RemoteFile("beta.bin", 200 * 1024),
            new RemoteFile("gamma.bin", 150 * 1024 + 7)); // an odd size: the last chunk is a partial one

    private static Path folder;
    private static RecordingSource search;
    private static DemoApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startDemo() throws Exception {
        FxToolkit.registerPrimaryStage();
        folder = Files.createTempDirectory("loopfx-demo-test");
        search = new RecordingSource(new JdkClassIndex(Duration.ofMillis(100)));
        // 4 MB/s: downloads take a fraction of a second, yet long enough to show progress in a screenshot.
        DemoConfig config = new DemoConfig(folder, 4L * 1024 * 1024, FILES, 2, search);
        app = (DemoApp) FxToolkit.setupApplication(() -> new DemoApp(config));
    }

    @AfterAll
    static void stopDemo() throws Exception {
        FxToolkit.cleanupApplication(app);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Test
    @Order(5)
    void theWindowOpensAtTheSceneSizeAndAsksForAMinimum() throws Exception {
        Stage stage = onFx(this::demoStage);
        assertEquals(DemoApp.WIDTH, onFx(() -> stage.getScene().getWidth()));
        assertEquals(DemoApp.HEIGHT, onFx(() -> stage.getScene().getHeight()));
        assertTrue(onFx(stage::getWidth) >= DemoApp.WIDTH, "the window holds its scene");
        // What a window manager that ignores the scene's size still honours.
        assertEquals(DemoApp.MIN_WIDTH, onFx(stage::getMinWidth));
        assertEquals(DemoApp.MIN_HEIGHT, onFx(stage::getMinHeight));
    }

    @Test
    @Order(10)
    void threeQueuedDownloadsFinishWithTheRightSizes() throws Exception {
        showTab("Downloads");
        int before = lastRowNumber();
        for (RemoteFile f : FILES) {
            click("#download-file");
            click(f.toString());
            click("#download-start");
        }
        for (int i = 0; i < FILES.size(); i++) {
            int n = before + i + 1;
            waitUntil("row " + n + " says done", () -> "done".equals(rowText(n, "download-status")));
        }
        for (RemoteFile f : FILES) assertEquals(f.size(), Files.size(folder.resolve(f.name())), f.name());
    }

    @Test
    @Order(20)
    void aFailingDownloadIsRetriedWithBackOff() throws Exception {
        showTab("Downloads");
        RemoteFile f = FILES.get(2);
        click("#download-file");
        click(f.toString());
        click("#download-fail"); // the server answers 503 twice
        click("#download-start");
        click("#download-fail");
        int n = lastRowNumber();
        waitUntil("row " + n + " says done", () -> "done".equals(rowText(n, "download-status")));
        assertEquals(f.size(), Files.size(folder.resolve("2-" + f.name())));
        // What the client did, from the server's side (a label that says "retrying in" for 250 ms may be missed
        // by a poll on a loaded machine): two 503s, then a success. The back-offs themselves are checked exactly,
        // on the virtual clock, by DownloadRowTest.
        List<DownloadServer.Request> requests = app.server().requests(f.name());
        List<DownloadServer.Request> last = requests.subList(requests.size() - 3, requests.size());
        assertEquals(List.of(503, 503, 200), last.stream().map(DownloadServer.Request::status).toList(), requests.toString());
    }

    @Test
    @Order(30)
    void aStalledDownloadSaysStalledWithoutASpeedThenFinishes() throws Exception {
        showTab("Downloads");
        click("#server-stall"); // every response now stops after half its body
        int n;
        try {
            click("#download-file");
            click(FILES.get(1).toString());
            click("#download-start");
            n = lastRowNumber();
            int row = n;
            // A second after the last byte (the server holds the rest until the stall is switched off).
            waitUntil("row " + n + " says stalled", () -> "stalled".equals(rowText(row, "download-status")));
            assertEquals("", onFx(() -> rowText(row, "download-speed")), "no speed while nothing comes");
        } finally {
            click("#server-stall");
        }
        int row = n;
        waitUntil("row " + n + " says done", () -> "done".equals(rowText(row, "download-status")));
    }

    @Test
    @Order(40)
    void cancellingMidWayRemovesTheRowAndThePartialFile() throws Exception {
        showTab("Downloads");
        click("#server-stall"); // every response now stops after half its body
        try {
            click("#download-file");
            click(FILES.get(0).toString());
            click("#download-start");
            int n = lastRowNumber();
            Path partial = folder.resolve("2-" + FILES.get(0).name()); // alpha.bin exists from the first test
            waitUntil("download " + n + " half-way", () -> this.<ProgressBar>rowPart(n, "download-progress").getProgress() >= 0.4);
            assertTrue(Files.exists(partial), "the partial file exists while downloading");

            click(onFx(() -> rowPart(n, "download-cancel")));
            waitUntil("row " + n + " removed", () -> row(n) == null);
            assertFalse(Files.exists(partial), "the partial file was removed");
        } finally {
            click("#server-stall");
        }
        waitUntil("stall switched off", () -> !this.<ToggleButton>node("#server-stall").isSelected());
    }

    @Test
    @Order(50)
    void onlyTheLastQueryShowsResults() throws Exception {
        showTab("Search");
        click("#search-field");
        robot.write("c");
        // The search for "c" is the slowest one (short queries cost most); let it reach the source ...
        waitUntil("the search for 'c' started", () -> search.started.contains("c"));
        robot.write("onc"); // ... and then make it stale.
        waitUntil("results for 'conc'", () -> label("#search-status").endsWith("results for 'conc'"));
        waitUntil("every search has returned", () -> search.running.get() == 0);

        // The stale search for "c" has returned by now, and its results did not replace those of "conc".
        assertEquals("c", search.started.get(0));
        String status = onFx(() -> label("#search-status"));
        assertTrue(status.endsWith("results for 'conc'"), status);
        List<String> shown = onFx(() -> List.copyOf(this.<ListView<String>>node("#search-results").getItems()));
        assertFalse(shown.isEmpty(), "java.util.concurrent classes match 'conc'");
        for (String s : shown) assertTrue(s.toLowerCase(Locale.ROOT).contains("conc"), s);
    }

    @Test
    @Order(60)
    void theOldResultsStayDimmedWhileTheNextSearchRuns() throws Exception {
        showTab("Search");
        waitUntil("results for 'conc' shown undimmed", () -> label("#search-status").endsWith("results for 'conc'")
                && node("#search-results").getOpacity() == 1);
        List<String> old = onFx(() -> List.copyOf(this.<ListView<String>>node("#search-results").getItems()));
        search.hold();
        try {
            onFx(() -> {
                this.<TextField>node("#search-field").setText("CopyOnWriteArraySet");
                return null;
            });
            waitUntil("the search reached the source", () -> search.started.contains("CopyOnWriteArraySet"));
            waitUntil("the old results dimmed", () -> node("#search-results").getOpacity() < 1);
            assertEquals(old, onFx(() -> List.copyOf(this.<ListView<String>>node("#search-results").getItems())),
                    "the old results stay in view until the new ones arrive");
        } finally {
            search.release();
        }
        // One match: the count says so in the singular.
        waitUntil("the new result", () -> label("#search-status").equals("1 result for 'CopyOnWriteArraySet'"));
        assertEquals(List.of("java.util.concurrent.CopyOnWriteArraySet"),
                onFx(() -> List.copyOf(this.<ListView<String>>node("#search-results").getItems())));
        waitUntil("the new result undimmed", () -> node("#search-results").getOpacity() == 1);
    }

    @Test
    @Order(100)
    void aHarnessScenarioRunsFromItsTab() throws Exception {
        showTab("Nested loops");
        click("runUntilComplete called from inside a running task"); // scenario 2
        click("#nested-run-loopfx"); // on the demo's own FX loop
        waitUntil("the loopfx run's outcome", () -> label("#nested-outcome").startsWith("loopfx: "));
        String outcome = onFx(() -> label("#nested-outcome"));
        assertTrue(outcome.startsWith("loopfx: clear error"), outcome);
        assertFalse(onFx(() -> this.<ListView<String>>node("#nested-events").getItems().isEmpty()), "the event log is shown");

        click("#nested-run-naive"); // in a child JVM
        waitUntil("the naive run's outcome", () -> label("#nested-outcome").startsWith("naive: "));
    }

    @Test
    @Order(110)
    void aLongOutcomeWrapsAndTheRunButtonsKeepTheirText() throws Exception {
        showTab("Nested loops");
        selectScenario("10a");
        click("#nested-run-loopfx");
        waitUntil("the loopfx run's outcome", () -> label("#nested-outcome").startsWith("loopfx: "));
        String outcome = onFx(() -> label("#nested-outcome"));
        assertTrue(outcome.length() > 150, "a long outcome (get() explains itself): " + outcome);
        for (String id : List.of("#nested-run-naive", "#nested-run-loopfx", "#nested-outcome")) {
            assertEquals(onFx(() -> this.<Labeled>node(id).getText()), onFx(() -> shownText(node(id))),
                    id + " shows its whole text");
        }
    }

    @Test
    @Order(65)
    void aRenderIsCancelledWhileItsBandsWait() throws Exception {
        showTab("Work");
        // Every thread of the pool waits on a gate, so the render's bands are all still queued when Cancel is pressed.
        ThreadPoolExecutor cpu = (ThreadPoolExecutor) app.cpu();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(cpu.getMaximumPoolSize());
        for (int i = 0; i < cpu.getMaximumPoolSize(); i++) {
            cpu.execute(() -> {
                held.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(held.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the pool's threads are held");
            click("#work-render");
            waitUntil("Cancel enabled", () -> !node("#work-cancel").isDisabled());
            String status = onFx(() -> label("#work-status"));
            assertTrue(status.matches("0 of \\d+ bands"), status);
            click("#work-cancel");
            waitUntil("the render cancelled", () -> label("#work-status").equals("Cancelled."));
            assertEquals(0.0, onFx(() -> this.<ProgressBar>node("#work-progress").getProgress()));
            assertFalse(onFx(() -> node("#work-render").isDisabled()), "Render is enabled again");
            assertTrue(onFx(() -> node("#work-cancel").isDisabled()), "Cancel is disabled again");
        } finally {
            gate.countDown();
        }
    }

    @Test
    @Order(70)
    void theImageIsComputedOnThePoolAndPaintedBandByBand() throws Exception {
        Node tab = onFx(() -> app.showTab("Work"));
        double spinner = onFx(() -> spinnerX(tab));
        click("#work-render");
        // A few seconds of CPU on purpose (so that it can be cancelled by hand), more on a loaded machine.
        waitUntil("the image rendered", RENDER_TIMEOUT_SECONDS, () -> label("#work-status").startsWith("Rendered"));
        assertEquals(1.0, onFx(() -> this.<ProgressBar>node("#work-progress").getProgress()));
        // The status before ("Cancelled.") and now ("Rendered in ... ms; Render zooms in.") differ in width.
        assertEquals(spinner, onFx(() -> spinnerX(tab)), "the spinner did not move");
    }

    @Test
    @Order(90)
    void aTaskGetsTheAnswerOfADialogWhileTheClockRuns() throws Exception {
        showTab("Dialogs");
        click("#dialogs-show-async");
        waitUntil("the dialog shows", () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        String clock = onFx(() -> label("#dialogs-clock"));
        waitUntil("the clock ticks while the dialog is open", () -> !label("#dialogs-clock").equals(clock));
        click("Yes");
        click("#dialogs-show-and-wait"); // a nested event loop inside the task
        click("No");
        waitUntil("both answers logged", () -> this.<ListView<String>>node("#dialogs-log").getItems()
                .equals(List.of("showAsync answered: Yes", "showAndWait answered: No")));
    }

    /**
     * The monitor's task dump, opened with its key while a task of the FX loop is suspended: it names the task, what
     * it awaits and the method it waits in, and it is live (the task leaves it once it is done).
     */
    @Test
    @Order(8)
    void theMonitorShowsALiveTaskDumpOfTheFxLoop() throws Exception {
        showTab("Loop monitor");
        CompletableFuture<String> reply = new CompletableFuture<>();
        Task<String> waiting = onFx(() -> FxEventLoop.get().createTask("e2e-awaits-reply", () -> awaitReply(reply)));
        robot.press(KeyCode.SHORTCUT, KeyCode.D).release(KeyCode.D, KeyCode.SHORTCUT); // MonitorPane.DUMP_KEY
        waitUntil("the dump shows the suspended task", () -> dumpText().contains("Task 'e2e-awaits-reply' suspended"));
        String block = taskBlock(onFx(this::dumpText), "e2e-awaits-reply");
        assertTrue(block.contains("awaits CompletableFuture@") && block.contains("(not completed)"), block);
        assertTrue(block.contains("DemoEndToEndTest.awaitReply(DemoEndToEndTest.java:"), "where it waits: " + block);

        reply.complete("answered");
        waitUntil("the refreshed dump no longer lists the task", () -> !dumpText().contains("e2e-awaits-reply"));
        assertEquals("answered", onFx(waiting::result));
        click("#monitor-dump-toggle");
        waitUntil("the dump hidden", () -> !this.<TextArea>node("#monitor-dump").isVisible());
    }

    /** The body of the task the dump test looks at; the dump names this method. */
    private static String awaitReply(CompletableFuture<String> reply) throws Exception {
        return Async.await(reply);
    }

    /** The dump's text, or "" while it is hidden. FX thread. */
    private String dumpText() {
        TextArea dump = node("#monitor-dump");
        return dump.isVisible() ? dump.getText() : "";
    }

    /** The lines of one task in a dump's text: its own line up to the next task's. */
    private static String taskBlock(String dump, String task) {
        int start = dump.indexOf("Task '" + task + "'");
        assertTrue(start >= 0, "no task '" + task + "' in:\n" + dump);
        int end = dump.indexOf("\nTask '", start + 1);
        return dump.substring(start, end < 0 ? dump.length() : end);
    }

    /**
     * Saves a picture of every tab in use, to the folder named by {@code -Dloopfx.screenshots} (relative to the
     * repository root). Tagged "screenshots", which the build runs only with that property (see demo-app's pom), so
     * a normal run neither runs nor skips it. The pictures are screen captures, so dialogs show too.
     */
    @Test
    @Tag("screenshots")
    @Order(1000)
    void screenshotOfEveryTab() throws Exception {
        String dir = System.getProperty("loopfx.screenshots", "");
        Assumptions.assumeFalse(dir.isBlank(), "screenshots only with -Dloopfx.screenshots=DIR");
        Path out = Screenshots.folder(dir);

        showTab("Downloads");
        onFx(() -> {
            this.<Slider>node("#server-rate").setValue(40); // slow enough to see the bars move
            return null;
        });
        for (RemoteFile f : FILES) {
            click("#download-file");
            click(f.toString());
            boolean failing = f == FILES.get(2); // to show a retry
            if (failing) click("#download-fail");
            click("#download-start");
            if (failing) click("#download-fail");
        }
        int last = lastRowNumber();
        waitUntil("two downloads under way", () -> this.<ProgressBar>rowPart(last - 1, "download-progress").getProgress() > 0.15);
        Screenshots.save(robot, "downloads", out);
        onFx(() -> {
            this.<Slider>node("#server-rate").setValue(2048); // let them finish: the last test needs free slots
            return null;
        });

        showTab("Search");
        robot.doubleClickOn("#search-field").eraseText(8).write("HashMap");
        waitUntil("results for 'HashMap'", () -> label("#search-status").endsWith("results for 'HashMap'"));
        Screenshots.save(robot, "search", out);

        showTab("Work"); // rendered by an earlier test
        waitUntil("the image rendered", () -> label("#work-status").startsWith("Rendered"));
        Screenshots.save(robot, "work", out);

        showTab("Dialogs");
        click("#dialogs-show-and-wait");
        click("No");
        click("#dialogs-show-async");
        waitUntil("the dialog shows", () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.sleep(1200); // the clock ticks on while the dialog is open
        Screenshots.save(robot, "dialogs", out);
        click("Yes");

        showTab("Nested loops");
        click("Back-to-back runUntilComplete calls");
        click("#nested-run-naive");
        waitUntil("the naive run's outcome", () -> label("#nested-outcome").startsWith("naive: "));
        click("#nested-run-loopfx");
        waitUntil("the run's outcome", () -> label("#nested-outcome").startsWith("loopfx: "));
        selectScenario("10a"); // a long outcome, which wraps
        click("#nested-run-loopfx");
        waitUntil("the 10a run's outcome", () -> label("#nested-outcome").startsWith("loopfx: clear error"));
        Screenshots.save(robot, "nested", out);

        showTab("Loop monitor");
        robot.sleep(2000);
        click("#monitor-flood");
        robot.sleep(3000);
        Screenshots.save(robot, "monitor", out);
    }

    /**
     * Closing the window with downloads under way: JavaFX then calls {@code Application.stop()}, which shuts the
     * loop down. Every download is cancelled, its {@code finally} block removes the partial file, and nothing
     * hangs; then the finished downloads are deleted too. Runs last: it ends the application.
     */
    @Test
    @Order(2000)
    void closingTheWindowCancelsRunningDownloadsAndRemovesEveryFile() throws Exception {
        showTab("Downloads");
        click("#server-stall");
        Set<Path> before = filesIn(folder);
        assertFalse(before.isEmpty(), "the earlier tests left finished downloads");
        for (int i = 0; i < 2; i++) {
            click("#download-file");
            click(FILES.get(i).toString());
            click("#download-start");
        }
        int last = lastRowNumber();
        for (int n = last - 1; n <= last; n++) {
            int row = n;
            waitUntil("download " + n + " half-way", () -> this.<ProgressBar>rowPart(row, "download-progress").getProgress() >= 0.4);
        }
        assertEquals(2, filesIn(folder).size() - before.size(), "two partial files while downloading");

        onFx(() -> {
            demoStage().hide(); // the user closes it
            return null;
        });
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                FxToolkit.cleanupApplication(app); // what the launcher does next: Application.stop()
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        stopped.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(Set.of(), filesIn(folder), "the partial files were removed, and the finished ones too");
    }

    // ------------------------------------------------------------------ helpers

    private static Set<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(java.util.stream.Collectors.toSet());
        }
    }

    /** A search source that records what reached it, and that a test can hold before it answers. */
    static final class RecordingSource implements SearchSource {
        final SearchSource inner;
        final List<String> started = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        /** Searches from now on wait before they answer, until {@link #release()}. */
        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        RecordingSource(SearchSource inner) {
            this.inner = inner;
        }

        @Override
        public List<String> search(String query) throws InterruptedException {
            started.add(query);
            running.incrementAndGet();
            try {
                gate.await();
                return inner.search(query);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private void showTab(String title) throws Exception {
        onFx(() -> app.showTab(title));
        robot.sleep(0); // lets TestFX wait for the FX thread to settle
    }

    /**
     * Clicks the node {@code query} finds (a CSS selector or a text, as FxRobot's). The lookup runs on the FX thread:
     * FxRobot's own clickOn(String) walks the scene graph on the test thread, and the demo changes it meanwhile
     * (download rows come and go), which threw IndexOutOfBoundsException inside Parent.lookupAll now and then.
     */
    private void click(String query) throws Exception {
        click(onFx(() -> {
            Node n = robot.lookup(query).query();
            if (n == null) throw new AssertionError("nothing to click matches " + query);
            return n;
        }));
    }

    /** Clicks {@code node}, found on the FX thread. */
    private void click(Node node) {
        robot.clickOn(node);
    }

    /** The number of the newest download row (rows are numbered 1, 2, ... in the order they were queued). */
    private int lastRowNumber() throws Exception {
        return onFx(() -> rows().stream().mapToInt(DownloadRow::number).max().orElse(0));
    }

    /** The download rows in the Downloads tab's list. FX thread. */
    private List<DownloadRow> rows() {
        return this.<Pane>node("#download-list").getChildrenUnmodifiable().stream()
                .filter(DownloadRow.class::isInstance).map(DownloadRow.class::cast).toList();
    }

    /** The download row numbered {@code n}, or null if it is not in the list (any more). FX thread. */
    private DownloadRow row(int n) {
        return rows().stream().filter(r -> r.number() == n).findFirst().orElse(null);
    }

    /**
     * The part of download row {@code n} with the style class {@code part} ({@code download-status},
     * {@code download-speed}, {@code download-progress}, {@code download-cancel}). The rows carry no numbered ids:
     * see DownloadRowStyleTest. FX thread.
     */
    @SuppressWarnings("unchecked")
    private <T extends Node> T rowPart(int n, String part) {
        DownloadRow row = row(n);
        if (row == null) throw new AssertionError("no download row " + n);
        Node node = row.lookup("." + part);
        if (node == null) throw new AssertionError("download row " + n + " has no " + part);
        return (T) node;
    }

    /** The text of the label {@code part} of download row {@code n}. FX thread. */
    private String rowText(int n, String part) {
        return this.<Label>rowPart(n, part).getText();
    }

    /** Selects the scenario {@code id} in the Nested loops tab's table. */
    private void selectScenario(String id) throws Exception {
        onFx(() -> {
            TableView<Scenario> table = node("#nested-table");
            table.getSelectionModel().select(table.getItems().stream().filter(s -> s.id().equals(id)).findFirst()
                    .orElseThrow());
            return null;
        });
    }

    /** The demo's window. FX thread. */
    private Stage demoStage() {
        return (Stage) robot.window(w -> w.getScene() != null && w.getScene().lookup("#tabs") != null);
    }

    /** The text a label or button shows, "…" and all (its skin's Text node), after a layout pass. FX thread. */
    private static String shownText(Labeled l) {
        layOut(l);
        return ((Text) l.lookup(".text")).getText();
    }

    /**
     * Where the spinning square of a tab sits in the scene after a layout pass: its layout position, which its
     * rotation leaves alone. FX thread.
     */
    private static double spinnerX(Node tab) {
        layOut(tab);
        Parent place = (Parent) tab.lookup(".spinning-square");
        Node square = place.getChildrenUnmodifiable().get(0);
        return place.localToScene(square.getLayoutX(), square.getLayoutY()).getX();
    }

    /** Lays the scene out now, as the next pulse would: a check then sees what the screen will show. FX thread. */
    private static void layOut(Node node) {
        Parent root = node.getScene().getRoot();
        root.applyCss();
        root.layout();
    }

    /** The text of a label; FX thread. */
    private String label(String query) {
        return this.<Label>node(query).getText();
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(String query) { // FX thread
        return (T) robot.lookup(query).query();
    }

    /** Runs {@code body} on the FX thread and returns its result. */
    static <T> T onFx(Callable<T> body) throws Exception {
        return WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(body));
    }

    /** Polls {@code condition} on the FX thread until it holds. */
    static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        waitUntil(what, TIMEOUT_SECONDS, condition);
    }

    /** Polls {@code condition} on the FX thread until it holds, for at most {@code seconds}. */
    static void waitUntil(String what, long seconds, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for: " + what, e);
        }
    }

}
