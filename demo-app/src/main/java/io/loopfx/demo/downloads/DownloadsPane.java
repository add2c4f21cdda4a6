package io.loopfx.demo.downloads;

import io.loopfx.core.sync.AsyncSemaphore;
import io.loopfx.demo.Ui;
import javafx.concurrent.Worker;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The Downloads tab: queue files from the local {@link DownloadServer}; each becomes a {@link DownloadRow}
 * whose task waits for one of {@code parallel} slots, retries failures with back-off and removes its
 * partial file when cancelled. The server's rate and stall switch are here too, to play with. The finished files
 * are the demo's litter: {@link #deleteDownloads()} removes them when the application stops.
 */
public final class DownloadsPane extends BorderPane {
    private final DownloadServer server;
    private final HttpClient http;
    private final Executor io;
    private final Path folder;
    private final AsyncSemaphore slots;
    private final VBox rows = new VBox(6);
    private final Set<Path> reserved = new HashSet<>();
    private final Set<Path> finished = new LinkedHashSet<>(); // FX thread
    private int nextNumber = 1;

    /**
     * Creates the tab. FX thread.
     *
     * @param server    the server to download from
     * @param http      the client
     * @param io        where blocking file and socket reads run
     * @param folder    where files are saved
     * @param catalogue the files offered
     * @param parallel  how many downloads may run at once
     */
    public DownloadsPane(DownloadServer server, HttpClient http, Executor io, Path folder, List<RemoteFile> catalogue,
                         int parallel) {
        this.server = server;
        this.http = http;
        this.io = io;
        this.folder = folder;
        this.slots = new AsyncSemaphore(parallel);

        ComboBox<RemoteFile> files = new ComboBox<>();
        files.getItems().setAll(catalogue);
        files.getSelectionModel().selectFirst();
        files.setId("download-file");
        CheckBox failFirst = new CheckBox("fail the first 2 attempts");
        failFirst.setId("download-fail");
        Button queue = new Button("Download");
        queue.setId("download-start");
        queue.setDefaultButton(true);
        queue.setOnAction(e -> {
            RemoteFile file = files.getValue();
            if (failFirst.isSelected()) server.failNext(file.name(), 2);
            queue(file);
        });
        HBox request = new HBox(10, new Label("File"), files, failFirst, queue,
                new Label("at most " + parallel + " at once"));
        request.setAlignment(Pos.CENTER_LEFT);

        Slider rate = new Slider(16, 2048, 256);
        rate.setId("server-rate");
        Label rateText = new Label();
        rateText.textProperty().bind(rate.valueProperty().asString("%.0f KB/s per download"));
        rate.valueProperty().addListener((obs, old, kb) -> server.setRate(kb.longValue() * 1024));
        ToggleButton stall = new ToggleButton("Stall server");
        stall.setId("server-stall");
        stall.selectedProperty().addListener((obs, old, on) -> server.setStalled(on));
        HBox serverBox = new HBox(10, new Label("Server " + server.baseUrl()), rate, rateText, stall);
        serverBox.setAlignment(Pos.CENTER_LEFT);

        rows.setId("download-list");
        ScrollPane list = new ScrollPane(rows);
        list.setFitToWidth(true);
        VBox.setVgrow(list, javafx.scene.layout.Priority.ALWAYS);
        Label saved = new Label("Saved to " + folder + " (removed when the demo closes)");
        saved.getStyleClass().add("hint");
        VBox content = new VBox(10, request, serverBox, new Separator(), list, saved);
        Ui.layout(this, "Downloads",
                "A real HTTP server on 127.0.0.1 serves generated files slowly. Each download is one sequential task: "
                        + "wait for a slot (AsyncSemaphore), send with HttpClient, copy chunk by chunk, retry with "
                        + "back-off. Cancel, or closing the window, removes the partial file.", content);
    }

    /**
     * Queues a download of {@code file} and returns its row. FX thread.
     *
     * @param file the file
     * @return the new row
     */
    public DownloadRow queue(RemoteFile file) {
        int number = nextNumber++;
        Path target = freeName(file.name());
        DownloadRow row = new DownloadRow(number, file, server.uri(file.name(), file.size()), target, http, io, slots);
        reserved.add(target);
        row.job().stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.CANCELLED) rows.getChildren().remove(row);
            if (state == Worker.State.SUCCEEDED) finished.add(target);
        });
        // Once the task is done, the name is free again or taken by the finished file itself.
        row.job().runningProperty().addListener((obs, was, running) -> reserved.remove(target));
        rows.getChildren().add(row);
        return row;
    }

    /**
     * Deletes the files this pane downloaded. The application calls it when it stops, after the loop's shutdown:
     * by then every download has ended, and those that did not finish have removed their partial files in their
     * {@code finally} blocks. FX thread.
     *
     * @throws IOException if a file cannot be deleted (the others are deleted all the same)
     */
    public void deleteDownloads() throws IOException {
        IOException failed = null;
        for (Path p : finished) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        finished.clear();
        if (failed != null) throw failed;
    }

    /** A file name that neither exists nor belongs to a running download: "name", "2-name", "3-name", ... */
    private Path freeName(String name) {
        Path p = folder.resolve(name);
        for (int i = 2; Files.exists(p) || reserved.contains(p); i++) p = folder.resolve(i + "-" + name);
        return p;
    }
}
