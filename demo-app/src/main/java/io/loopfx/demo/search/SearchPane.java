package io.loopfx.demo.search;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import io.loopfx.demo.Ui;
import io.loopfx.fx.FxEventLoop;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;

/**
 * The Search tab: search as you type. Each keystroke cancels the previous search task, wherever it is
 * (still debouncing, or waiting for the slow source), and starts a new one. A cancelled task never gets past
 * its {@code await}, so stale results cannot appear: no sequence numbers, no "is this still the latest?"
 * checks. While a new search runs, the previous results stay in view, dimmed, until the new ones replace them.
 */
public final class SearchPane extends BorderPane {
    /** How long typing must pause before a search starts. */
    public static final Duration DEBOUNCE = Duration.ofMillis(250);
    /** Set on the results while they belong to an older query (demo.css dims them). */
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final SearchSource source;
    private final Executor executor;
    private final ListView<String> results = new ListView<>();
    private final Label status = new Label("Type to search the JDK's classes.");
    private final ListView<String> log = new ListView<>();
    private Task<Void> current;

    /**
     * Creates the tab. FX thread.
     *
     * @param source   the slow source
     * @param executor where the source's blocking calls run
     */
    public SearchPane(SearchSource source, Executor executor) {
        this.source = source;
        this.executor = executor;
        TextField query = new TextField();
        query.setPromptText("class name, e.g. ConcurrentHashMap");
        query.setId("search-field");
        results.setId("search-results");
        status.setId("search-status");
        log.setId("search-log");
        log.setPrefWidth(330);
        query.textProperty().addListener((obs, old, text) -> restart(text.strip()));

        VBox left = new VBox(8, query, status, results);
        VBox.setVgrow(results, Priority.ALWAYS);
        HBox.setHgrow(left, Priority.ALWAYS);
        VBox right = new VBox(8, new Label("Search tasks"), log);
        VBox.setVgrow(log, Priority.ALWAYS);
        Ui.layout(this, "Search as you type",
                "Every keystroke cancels the previous search task and starts a new one that waits "
                        + DEBOUNCE.toMillis() + " ms, then asks a slow source on a worker thread. Short queries are "
                        + "slower, so without cancellation their results would arrive last.",
                new HBox(14, left, right));
    }

    /** Cancels the running search, wherever it is, and starts one for {@code query}. */
    private void restart(String query) {
        if (current != null) current.cancel();
        results.pseudoClassStateChanged(STALE, true); // no longer the answer to what the field says
        current = FxEventLoop.get().createTask("search '" + query + "'", () -> {
            search(query);
            return null;
        });
    }

    private void search(String query) throws Exception {
        try {
            Async.sleep(DEBOUNCE);
            if (query.isEmpty()) {
                showResults(List.of());
                status.setText("Type to search the JDK's classes.");
                return;
            }
            status.setText("Searching for '" + query + "'…");
            Ui.append(log, "'" + query + "': searching");
            List<String> hits = Async.await(EventLoop.current().runInExecutor(executor, () -> source.search(query)));
            showResults(hits);
            String found = hits.size() == 500 ? "500+ results" : Ui.count(hits.size(), "result"); // the index stops at 500
            status.setText(found + " for '" + query + "'");
            Ui.append(log, "'" + query + "': " + Ui.count(hits.size(), "result") + " shown");
        } catch (CancellationException e) {
            Ui.append(log, "'" + query + "': cancelled");
            throw e;
        }
    }

    private void showResults(List<String> hits) {
        results.getItems().setAll(hits);
        results.pseudoClassStateChanged(STALE, false);
    }
}
