package io.loopfx.demo.monitor;

import io.loopfx.core.Async;
import io.loopfx.demo.Ui;
import io.loopfx.fx.FxAsync;
import io.loopfx.fx.FxEventLoop;
import javafx.animation.AnimationTimer;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.Locale;

/**
 * The Loop monitor tab: four live charts of the FX loop, sampled by a task, and a Flood button that queues
 * a million callbacks at once. The loop runs them in slices of a few milliseconds and gives the FX thread
 * back between slices, so the charts, the spinner and the rest of the window stay responsive while the
 * queue drains.
 */
public final class MonitorPane extends BorderPane {
    /** How often the sampler task takes a measurement. */
    private static final Duration PERIOD = Duration.ofMillis(250);
    /** How many samples each chart keeps (30 s). */
    private static final int WINDOW = 120;
    /** How many callbacks the Flood button queues. */
    public static final int FLOOD = 1_000_000;

    private final XYChart.Series<Number, Number> callbacksPerSecond = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> readyQueue = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> timerLateness = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> pulseGap = new XYChart.Series<>();
    private final Label summary = new Label();
    private long callbacksRun; // counted by the flood's callbacks; FX thread only
    private long lastPulse;
    private long longestPulseGap;

    /** Creates the tab and starts its sampler task. FX thread. */
    public MonitorPane() {
        Button flood = new Button("Flood: queue " + String.format(Locale.ROOT, "%,d", FLOOD) + " callbacks");
        flood.setId("monitor-flood");
        flood.setOnAction(e -> {
            FxEventLoop loop = FxEventLoop.get();
            for (int i = 0; i < FLOOD; i++) loop.callSoon(this::countCallback);
        });
        summary.setId("monitor-summary");
        HBox bar = new HBox(12, flood, summary, Ui.spinner());
        bar.setAlignment(Pos.CENTER_LEFT);

        GridPane charts = new GridPane(12, 12);
        charts.add(chart("Flood callbacks run per second", callbacksPerSecond, "monitor-callbacks"), 0, 0);
        charts.add(chart("Ready queue length", readyQueue, "monitor-ready"), 1, 0);
        charts.add(chart("Timer lateness (ms)", timerLateness, "monitor-lateness"), 0, 1);
        charts.add(chart("Longest gap between pulses (ms)", pulseGap, "monitor-pulses"), 1, 1);
        VBox content = new VBox(10, bar, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        Ui.layout(this, "Loop monitor",
                "Live measurements of the FX event loop, taken every " + PERIOD.toMillis() + " ms by a task. Flood "
                        + "queues a million callbacks of a microsecond each: the loop runs them in slices of a few "
                        + "milliseconds, so the queue drains while pulses, timers and the spinner carry on.",
                content);

        // Pulse gaps: JavaFX renders in pulses (~60 per second); a long gap is a frame the user saw freeze.
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastPulse != 0) longestPulseGap = Math.max(longestPulseGap, now - lastPulse);
                lastPulse = now;
            }
        }.start();
        FxEventLoop.get().createTask("loop monitor", () -> {
            sample();
            return null;
        });
    }

    /** One flood callback: about a microsecond of work, so that a million of them take the loop a few seconds. */
    private void countCallback() {
        long end = System.nanoTime() + 1_000;
        while (System.nanoTime() < end) Thread.onSpinWait();
        callbacksRun++;
    }

    /** The sampler: sleeps, measures how late it woke up, and reads the loop's counters. */
    private void sample() {
        FxEventLoop loop = FxEventLoop.get();
        long lastCount = 0;
        for (int x = 0; ; x++) {
            long due = loop.time() + PERIOD.toNanos();
            Async.sleep(PERIOD);
            double lateMillis = (loop.time() - due) / 1e6;
            double perSecond = (callbacksRun - lastCount) * 1e9 / PERIOD.toNanos();
            lastCount = callbacksRun;
            add(callbacksPerSecond, x, perSecond);
            add(readyQueue, x, loop.readyCount());
            add(timerLateness, x, lateMillis);
            add(pulseGap, x, longestPulseGap / 1e6);
            summary.setText(String.format(Locale.ROOT, "%,d flood callbacks run · %,d ready · timer %.1f ms late",
                    callbacksRun, loop.readyCount(), lateMillis));
            longestPulseGap = 0;
        }
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
