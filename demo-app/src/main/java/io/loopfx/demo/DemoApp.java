package io.loopfx.demo;

import io.loopfx.core.EventLoop;
import io.loopfx.demo.dialogs.DialogsPane;
import io.loopfx.demo.downloads.DownloadServer;
import io.loopfx.demo.downloads.DownloadsPane;
import io.loopfx.demo.monitor.MonitorPane;
import io.loopfx.demo.nested.NestedLoopsPane;
import io.loopfx.demo.search.SearchPane;
import io.loopfx.demo.work.MandelbrotPane;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The loopfx demo: one window, a tab per topic. {@link #main} checks the JVM flag before it launches the
 * window (the jar's entry point, {@code io.loopfx.demo.Launcher}, checks the Java version before that).
 */
public final class DemoApp extends Application {
    /** The size the window opens at. */
    static final double WIDTH = 1180, HEIGHT = 760;
    /** The smallest size of the window (the tabs' controls still fit; the Work tab's picture is cut). */
    static final double MIN_WIDTH = 900, MIN_HEIGHT = 600;

    private DemoConfig config;
    private DownloadServer server;
    private DownloadsPane downloads;
    private MandelbrotPane work;
    private HttpClient http;
    private ExecutorService io;
    private ExecutorService cpu;
    private TabPane tabs;
    private boolean stopped;

    /** Creates the application with the interactive settings ({@link DemoConfig#interactive()}); JavaFX calls this. */
    public DemoApp() {
    }

    /**
     * Creates the application with the given settings (the tests use this).
     *
     * @param config the settings
     */
    public DemoApp(DemoConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void init() throws Exception {
        if (config == null) config = DemoConfig.interactive();
        io = Executors.newCachedThreadPool(daemon("demo-io"));
        server = DownloadServer.start(config.bytesPerSecond(), io);
        http = HttpClient.newHttpClient();
        // CPU work gets one thread per core: more would only make the threads compete for the same cores.
        cpu = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), daemon("demo-cpu"));
    }

    @Override
    public void start(Stage stage) {
        tabs = new TabPane(
                tab("Downloads", downloads = new DownloadsPane(server, http, io, config.downloadFolder(),
                        config.catalogue(), config.parallel())),
                tab("Search", new SearchPane(config.searchSource(), io)),
                tab("Work", work = new MandelbrotPane(cpu)),
                tab("Dialogs", new DialogsPane()),
                tab("Nested loops", new NestedLoopsPane()),
                tab("Loop monitor", new MonitorPane()));
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Scene scene = new Scene(tabs, WIDTH, HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(DemoApp.class.getResource("demo.css")).toExternalForm());
        stage.setTitle("loopfx demo");
        stage.setScene(scene);
        // The scene's size is only a request, which some window managers ignore (the window opened at 200×200);
        // the minimum size goes to them as a size hint of its own.
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.show();
    }

    /**
     * Cancels every task of the FX loop and waits for their {@code finally} blocks (downloads remove their
     * partial files there), deletes the finished downloads, then stops the server and the thread pools. JavaFX
     * calls this when the window closes. loopfx would also shut the loop down by itself at the toolkit's exit, but
     * on the module path that hook needs extra flags, and here it must happen before the server goes away.
     */
    @Override
    public void stop() {
        if (stopped) return;
        stopped = true;
        FxEventLoop.get().shutdown();
        if (downloads != null) {
            try {
                downloads.deleteDownloads();
            } catch (IOException e) {
                System.err.println("The loopfx demo could not delete a downloaded file: " + e);
            }
        }
        if (work != null) work.close();
        if (server != null) server.close();
        if (http != null) http.shutdownNow();
        for (ExecutorService pool : new ExecutorService[]{io, cpu}) {
            if (pool == null) continue;
            pool.shutdownNow();
            try {
                pool.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The demo's local download server (tests check what it was asked). */
    DownloadServer server() {
        return server;
    }

    /** The pool the Work tab computes on (a test holds its threads to cancel a render at a known point). */
    ExecutorService cpu() {
        return cpu;
    }

    /**
     * Selects the tab titled {@code title}. FX thread.
     *
     * @param title the tab's title
     * @return the tab's content
     * @throws IllegalArgumentException if there is no such tab
     */
    public Node showTab(String title) {
        for (Tab t : tabs.getTabs()) {
            if (t.getText().equals(title)) {
                tabs.getSelectionModel().select(t);
                return t.getContent();
            }
        }
        throw new IllegalArgumentException("no tab " + title);
    }

    private static Tab tab(String title, Node content) {
        Tab t = new Tab(title, content);
        t.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return t;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // a stuck job must not keep the JVM alive after the window closed
            return t;
        };
    }

    /**
     * Launches the demo, or exits with status 2 and one clear message if loopfx's coroutines are not
     * available (the JVM flag is missing).
     *
     * @param args command-line arguments, passed to JavaFX
     */
    public static void main(String[] args) {
        try {
            // Making a loop checks the coroutine engine; without the flag loopfx logs one sentence naming it and throws.
            EventLoop.run(() -> null);
        } catch (Exception e) {
            System.err.println("The loopfx demo cannot start: " + e.getClass().getSimpleName() + " (the ERROR above "
                    + "says what to add).");
            System.exit(2);
        }
        launch(DemoApp.class, args);
    }
}
