package io.loopfx.demo.nested;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.demo.Ui;
import io.loopfx.fx.FxAsync;
import io.loopfx.harness.Bridge;
import io.loopfx.harness.Catalogue;
import io.loopfx.harness.ScenarioOutcome;
import io.loopfx.harness.Scenario;
import io.loopfx.harness.ScenarioResult;
import io.loopfx.harness.ScenarioRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The Nested loops tab: the nested-loop harness's catalogue ({@code io.loopfx.harness}) as a table. Each
 * scenario runs against the naive, Quamash-style bridge or against loopfx; the table shows both outcomes, the
 * panel below the selected scenario's description, the last run's outcome and its event log.
 *
 * <p>loopfx runs happen right here, on the demo's own toolkit and FX loop (the scenarios clean up after
 * themselves). Naive runs, and scenarios that start and exit a toolkit of their own, run in a child JVM: the
 * naive bridge may wedge the FX thread, and the demo must survive that.
 */
public final class NestedLoopsPane extends BorderPane {
    private final TableView<Scenario> table = new TableView<>();
    private final Label description = new Label();
    private final Label outcome = new Label("Pick a scenario and run it.");
    private final ListView<String> events = new ListView<>();
    private final ObservableMap<String, ScenarioResult> naiveResults = FXCollections.observableHashMap();
    private final ObservableMap<String, ScenarioResult> loopfxResults = FXCollections.observableHashMap();

    /** Creates the tab. FX thread. */
    public NestedLoopsPane() {
        table.setId("nested-table");
        description.setId("nested-description");
        outcome.setId("nested-outcome");
        events.setId("nested-events");
        table.getItems().setAll(Catalogue.all());
        table.getColumns().setAll(List.of(
                column("#", 48, Scenario::id),
                column("Scenario", 430, Scenario::title),
                column("loopfx must", 230, s -> s.expected().describe()),
                resultColumn("Naive bridge", naiveResults),
                resultColumn("loopfx", loopfxResults)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> show(s));
        table.getSelectionModel().selectFirst();

        Button naive = runButton("Run with the naive bridge", Bridge.NAIVE);
        naive.setId("nested-run-naive");
        Button loopfx = runButton("Run with loopfx", Bridge.LOOPFX);
        loopfx.setId("nested-run-loopfx");
        description.setWrapText(true);
        description.setMinHeight(Region.USE_PREF_SIZE); // all of it, on as many lines as it takes
        // A long outcome wraps; the buttons keep their full text instead of shrinking to "Run with the…".
        naive.setMinWidth(Region.USE_PREF_SIZE);
        loopfx.setMinWidth(Region.USE_PREF_SIZE);
        outcome.setWrapText(true);
        outcome.setMinHeight(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(10, naive, loopfx, outcome, Ui.spinner());
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox details = new VBox(8, description, buttons, new Label("Event log of the last run"), events);
        events.setPrefHeight(200);
        VBox content = new VBox(10, table, details);
        VBox.setVgrow(table, Priority.ALWAYS);
        Ui.layout(this, "Nested loops",
                "The failure modes of nested event loops that Python's Qt bridges show, as small deterministic "
                        + "scripts. Run each against a naive bridge (a raw nested loop per runUntilComplete, as in "
                        + "Quamash) and against loopfx: loopfx must complete or fail at once with a clear error.",
                content);
    }

    /** A button whose handler runs the selected scenario against {@code bridge} and shows the result. */
    private Button runButton(String text, Bridge bridge) {
        Button b = new Button(text);
        b.setOnAction(FxAsync.handler(e -> {
            Scenario scenario = table.getSelectionModel().getSelectedItem();
            if (scenario == null) return;
            b.setDisable(true);
            outcome.setText("Running " + scenario.id() + " with " + bridge.label() + "…");
            events.getItems().clear();
            try {
                ScenarioResult result = Async.await(run(scenario, bridge));
                (bridge == Bridge.NAIVE ? naiveResults : loopfxResults).put(scenario.id(), result);
                showResult(result);
            } finally {
                b.setDisable(false);
            }
        }));
        return b;
    }

    /** Runs in this JVM only what cannot hurt the demo: loopfx, on a scenario that shares the toolkit. */
    private static LoopFuture<ScenarioResult> run(Scenario scenario, Bridge bridge) {
        CompletableFuture<ScenarioResult> result = bridge == Bridge.LOOPFX && !scenario.needsOwnToolkit()
                ? ScenarioRunner.runInProcess(scenario, bridge, ScenarioRunner.DEFAULT_WATCHDOG)
                : ScenarioRunner.runInChildJvm(scenario, bridge, ScenarioRunner.DEFAULT_WATCHDOG);
        return EventLoop.current().wrap(result);
    }

    private void show(Scenario s) {
        description.setText(s == null ? "" : s.id() + ". " + s.description()
                + (s.needsOwnToolkit() ? " (Starts and exits a toolkit of its own: runs in a child JVM.)" : ""));
    }

    private void showResult(ScenarioResult r) {
        outcome.setText(r.bridge().label() + ": " + describe(r.outcome()) + " in " + r.duration().toMillis()
                + " ms: " + r.message());
        events.getItems().setAll(r.events());
    }

    private static String describe(ScenarioOutcome o) {
        return o.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static TableColumn<Scenario, String> column(String title, double width, Function<Scenario, String> value) {
        TableColumn<Scenario, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** A column that shows the outcome of the last run against one bridge, and follows new runs. */
    private static TableColumn<Scenario, String> resultColumn(String title, ObservableMap<String, ScenarioResult> results) {
        TableColumn<Scenario, String> c = new TableColumn<>(title);
        c.setPrefWidth(120);
        c.setCellValueFactory(cell -> Bindings.createStringBinding(() -> {
            ScenarioResult r = results.get(cell.getValue().id());
            return r == null ? "" : describe(r.outcome());
        }, results));
        return c;
    }
}
