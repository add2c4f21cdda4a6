package io.loopfx.demo.downloads;

import io.loopfx.core.Async;
import io.loopfx.core.sync.AsyncSemaphore;
import io.loopfx.test.FxLoopTest;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Download rows carry the same CSS ids and style classes, whatever their number. JavaFX's StyleManager caches the
 * styles it matched for every distinct (node class, id, style classes) it has seen, and never forgets one: with a
 * numbered id on each row and its parts ({@code download-row-17}, {@code download-status-17}, ...) every row ever
 * shown stayed in the heap as style data, about 13 KB a row (a plain JavaFX program replacing 100 such rows 100
 * times grew from 30 MB to 160 MB after GC, and stayed at 28-29 MB with shared style classes; docs/reliability.md,
 * Soak). Counting the distinct names catches a return of that without measuring the heap.
 */
class DownloadRowStyleTest {
    private static final Executor NO_IO = r -> {
        throw new AssertionError("the rows never get a slot, so they never read or write");
    };

    @FxLoopTest
    void fiftyRowsUseNoCssIdOrStyleClassThatFiveDoNotUse() throws Exception {
        Path folder = Files.createTempDirectory("loopfx-download-row-style");
        VBox list = new VBox();
        Stage stage = new Stage();
        stage.setScene(new Scene(list, 900, 600));
        stage.show();
        try (HttpClient http = HttpClient.newHttpClient()) {
            AsyncSemaphore noSlots = new AsyncSemaphore(0); // every download stays queued: no request, no file
            for (int n = 1; n <= 5; n++) list.getChildren().add(row(n, folder, http, noSlots));
            Set<String> five = cssNames(list);
            for (int n = 6; n <= 50; n++) list.getChildren().add(row(n, folder, http, noSlots));
            Set<String> added = cssNames(list);
            added.removeAll(five);
            assertEquals(Set.of(), added, "the ids and style classes 45 more rows added to those of 5");
        } finally {
            List<DownloadRow> rows = list.getChildren().stream().map(DownloadRow.class::cast).toList();
            for (DownloadRow row : rows) row.job().task().cancel();
            for (DownloadRow row : rows) assertThrows(CancellationException.class, () -> Async.await(row.job().task()));
            stage.hide();
            Files.delete(folder);
        }
    }

    private static DownloadRow row(int n, Path folder, HttpClient http, AsyncSemaphore slots) {
        RemoteFile file = new RemoteFile(n + ".bin", 1000);
        return new DownloadRow(n, file, URI.create("http://localhost:9/" + file.name()), folder.resolve(file.name()),
                http, NO_IO, slots);
    }

    /** The ids ({@code #id}) and style classes ({@code .class}) of every node under {@code root}, skins' included. */
    private static Set<String> cssNames(Parent root) {
        root.applyCss(); // makes the new rows' skins, as the next pulse would
        Set<String> names = new TreeSet<>();
        collect(root, names);
        return names;
    }

    private static void collect(Node node, Set<String> names) {
        if (node.getId() != null) names.add("#" + node.getId());
        for (String c : node.getStyleClass()) names.add("." + c);
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) collect(child, names);
        }
    }
}
