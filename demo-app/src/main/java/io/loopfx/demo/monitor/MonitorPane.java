package io.loopfx.demo.monitor;

import io.loopfx.core.Async;
import io.loopfx.demo.Ui;
import io.loopfx.fx.FxAsync;
import io.loopfx.fx.FxEventLoop;
import javafx.animation.AnimationTimer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.Locale;

/**
 * The Loop monitor tab: four live charts of the FX loop and a Flood button that queues a million callbacks
 * at once. The loop runs them in slices of a few milliseconds and gives the FX thread back between slices,
 * so the charts, the spinner and the rest of the window stay responsive while the queue drains. The Task dump
 * button (or {@link #DUMP_KEY} while the tab shows) shows the FX loop's {@code dumpTasks()} text below the
 * charts, refreshed every {@link #DUMP_PERIOD} while it is shown: the tasks of the other tabs, what each awaits
 * and where it is suspended.
 */
public final class MonitorPane extends BorderPane {
    /** How often each chart gets a point. */
    private static final Duration PERIOD = Duration.ofMillis(250);
    /** How many samples each chart keeps (30 s). */
    private static final int WINDOW = 120;
    /** How many callbacks the Flood button queues. */
    public static final int FLOOD = 1_000_000;
    /** The key that shows or hides the task dump while this tab shows. */
    public static final KeyCombination DUMP_KEY = KeyCombination.valueOf("Shortcut+D");
    /** How often the shown task dump is taken again. */
    private static final Duration DUMP_PERIOD = Duration.ofMillis(500);

    private final XYChart.Series<Number, Number> callbacksPerSecond = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> readyQueue = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> timerLateness = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> pulseGap = new XYChart.Series<>();
    private final Label summary = new Label();
    private final ToggleButton showDump = new ToggleButton("Task dump (" + DUMP_KEY.getDisplayText() + ")");
    private final TextArea dump = new TextArea();
    /** How often the probe task sleeps. */
    private static final Duration PROBE = Duration.ofMillis(50);

    // All FX thread only.
    private long callbacksRun; // counted by the flood's callbacks
    private long lastCount;
    private long probeDue = Long.MAX_VALUE; // the deadline of the probe's current sleep
    private long lateness;                  // the latest wake-up since the last sample
    private long lastPulse;
    private long longestPulseGap;
    private long lastSample;
    private long lastDump;
    private int samples;

    /** Creates the tab and starts its sampler task. FX thread. */
    public MonitorPane() {
        Button flood = new Button("Flood: queue " + String.format(Locale.ROOT, "%,d", FLOOD) + " callbacks");
        flood.setId("monitor-flood");
        flood.setOnAction(e -> {
            FxEventLoop loop = FxEventLoop.get();
            for (int i = 0; i < FLOOD; i++) loop.callSoon(this::countCallback);
        });
        summary.setId("monitor-summary");
        showDump.setId("monitor-dump-toggle");
        dump.setId("monitor-dump");
        dump.setEditable(false);
        dump.setStyle("-fx-font-family: monospace;");
        dump.setPrefRowCount(14);
        dump.visibleProperty().bind(showDump.selectedProperty());
        dump.managedProperty().bind(showDump.selectedProperty());
        showDump.selectedProperty().addListener((obs, was, shown) -> {
            if (shown) refreshDump();
        });
        sceneProperty().addListener((obs, old, scene) -> bindDumpKey(old, scene));
        HBox bar = new HBox(12, flood, showDump, summary, Ui.spinner());
        bar.setAlignment(Pos.CENTER_LEFT);

        GridPane charts = new GridPane(12, 12);
        charts.add(chart("Flood callbacks run per second", callbacksPerSecond, "monitor-callbacks"), 0, 0);
        charts.add(chart("Ready queue length", readyQueue, "monitor-ready"), 1, 0);
        charts.add(chart("Timer lateness (ms)", timerLateness, "monitor-lateness"), 0, 1);
        charts.add(chart("Longest gap between pulses (ms)", pulseGap, "monitor-pulses"), 1, 1);
        VBox content = new VBox(10, bar, charts, dump);
        VBox.setVgrow(charts, Priority.ALWAYS);
        VBox.setVgrow(dump, Priority.ALWAYS);
        Ui.layout(this, "Loop monitor",
                "Live measurements of the FX event loop, every " + PERIOD.toMillis() + " ms. Flood queues a million "
                        + "callbacks of a microsecond each. The loop runs them in slices of a few milliseconds, so "
                        + "pulses (rendering, input, the spinner) carry on while the queue drains, and a loop "
                        + "timer that falls due meanwhile begins the next slice: the probe's lateness stays low. "
                        + "Task dump shows "
                        + "every task of the loop, what it awaits and where it is suspended, live.",
                content);

        // The charts are fed from the pulse, not from a loop timer: what they show must not depend on the loop
        // they measure (a loop timer runs at the next slice under a flood, but a stuck loop would stop it).
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                onPulse(now);
            }
        }.start();
        FxEventLoop.get().createTask("timer probe", () -> {
            probeTimers();
            return null;
        });
    }

    /** One flood callback: about a microsecond of work, so that a million of them take the loop a second or two. */
    private void countCallback() {
        long end = System.nanoTime() + 1_000;
        while (System.nanoTime() < end) Thread.onSpinWait();
        callbacksRun++;
    }

    /** A task that sleeps {@link #PROBE} again and again and records how late each wake-up was. */
    private void probeTimers() {
        FxEventLoop loop = FxEventLoop.get();
        while (true) {
            probeDue = loop.time() + PROBE.toNanos();
            Async.sleep(PROBE);
            lateness = Math.max(lateness, loop.time() - probeDue);
            probeDue = Long.MAX_VALUE;
        }
    }

    /** The key works while the pane is in a scene: it is registered on the scene, not on a focused node. */
    private void bindDumpKey(Scene old, Scene scene) {
        if (old != null) old.getAccelerators().remove(DUMP_KEY);
        if (scene != null) scene.getAccelerators().put(DUMP_KEY, () -> {
            if (isShowing()) showDump.setSelected(!showDump.isSelected());
        });
    }

    /** True if this tab is the one shown: the tab pane hides the others' content through a parent. */
    private boolean isShowing() {
        for (Node n = this; n != null; n = n.getParent()) if (!n.isVisible()) return false;
        return getScene() != null;
    }

    /** Takes the FX loop's task dump (here, on the FX thread: consistent, with suspended stacks) and shows it. */
    private void refreshDump() {
        double scroll = dump.getScrollTop();
        dump.setText(FxEventLoop.get().dumpTasks().toString());
        dump.setScrollTop(scroll); // keep the reader's place while the text is replaced
    }

    /** Every pulse: notes the gap since the last one; every {@link #PERIOD}, adds a point to each chart. */
    private void onPulse(long now) {
        if (lastPulse != 0) longestPulseGap = Math.max(longestPulseGap, now - lastPulse);
        lastPulse = now;
        if (showDump.isSelected() && now - lastDump >= DUMP_PERIOD.toNanos()) {
            lastDump = now;
            refreshDump();
        }
        if (now - lastSample < PERIOD.toNanos()) return;
        FxEventLoop loop = FxEventLoop.get();
        // A probe still waiting past its deadline is late already, by this much so far.
        long late = Math.max(lateness, loop.time() - probeDue);
        double seconds = lastSample == 0 ? 1 : (now - lastSample) / 1e9;
        add(callbacksPerSecond, samples, (callbacksRun - lastCount) / seconds);
        add(readyQueue, samples, loop.stats().readyCallbacks());
        add(timerLateness, samples, late / 1e6);
        add(pulseGap, samples, longestPulseGap / 1e6);
        samples++;
        summary.setText(String.format(Locale.ROOT, "%,d flood callbacks run · %,d ready · timer %.1f ms late",
                callbacksRun, loop.stats().readyCallbacks(), late / 1e6));
        lastSample = now;
        lastCount = callbacksRun;
        lateness = 0;
        longestPulseGap = 0;
    }

    private static void add(XYChart.Series<Number, Number> series, int x, double y) {
        series.getData().add(new XYChart.Data<>(x, y));
        if (series.getData().size() > WINDOW) series.getData().remove(0);
    }

    private static LineChart<Number, Number> chart(String title, XYChart.Series<Number, Number> series, String id) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setForceZeroInRange(false);
        xAxis.setTickLabelsVisible(false);
        xAxis.setLabel("last 30 s");
        LineChart<Number, Number> chart = new LineChart<>(xAxis, new NumberAxis());
        chart.setTitle(title);
        chart.setId(id);
        chart.setAnimated(false);   // animating every sample would cost more than drawing it
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.getData().add(series);
        chart.setPrefSize(520, 260);
        return chart;
    }
}
