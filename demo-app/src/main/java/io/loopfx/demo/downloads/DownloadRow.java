package io.loopfx.demo.downloads;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.sync.AsyncSemaphore;
import io.loopfx.fx.FxTaskState;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * One download: a row with the file's name, a progress bar, the speed, a status line and a Cancel button,
 * and the task that fills them. The task's code runs on the FX thread, so it sets the labels itself; only
 * the blocking reads and writes go to the I/O executor.
 */
public final class DownloadRow extends HBox {
    /** Attempts per download before it is shown as failed. */
    static final int MAX_ATTEMPTS = 4;
    /** The first back-off; it doubles after each failed attempt. */
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    private final HttpClient http;
    private final Executor io;
    private final URI uri;
    private final Path target;
    private final Label speed = new Label();
    private final Label status = new Label("queued");
    private final int number;
    private final FxTaskState<Path> job;

    /**
     * Creates the row and starts its task. FX thread.
     *
     * @param number a number unique in the pane, which {@link #number()} returns
     * @param file   what to download
     * @param uri    where from
     * @param target where to save it
     * @param http   the client
     * @param io     where blocking reads and writes run
     * @param slots  limits how many downloads run at once
     */
    public DownloadRow(int number, RemoteFile file, URI uri, Path target, HttpClient http, Executor io,
                       AsyncSemaphore slots) {
        this.number = number;
        this.http = http;
        this.io = io;
        this.uri = uri;
        this.target = target;
        job = FxTaskState.start("download " + target.getFileName(), state -> {
            // At most N downloads hold a slot; the others wait here, suspended, showing "queued".
            return slots.withPermit(() -> downloadWithRetries(state));
        });

        Label name = new Label(target.getFileName() + "  ·  " + RemoteFile.formatBytes(file.size()));
        name.setMinWidth(220);
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(220);
        bar.progressProperty().bind(job.progressProperty());
        speed.setMinWidth(90);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(job.runningProperty().not());
        cancel.setOnAction(e -> job.task().cancel());

        // Shared style classes, no ids or classes with the row's number: JavaFX caches the styles it matched for
        // every distinct (node class, id, style classes) it has seen and never forgets one, so a numbered id on
        // rows that come and go grows the heap for good (docs/reliability.md, Soak). Tests find a row by number().
        getStyleClass().add("download-row");
        bar.getStyleClass().add("download-progress");
        status.getStyleClass().add("download-status");
        speed.getStyleClass().add("download-speed");
        cancel.getStyleClass().add("download-cancel");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(12);
        getChildren().addAll(name, bar, speed, status, cancel);

        job.stateProperty().addListener((obs, old, now) -> {
            switch (now) {
                case SUCCEEDED -> status.setText("done");
                case FAILED -> status.setText("failed: " + job.getException().getMessage());
                default -> {
                }
            }
        });
    }

    /**
     * Returns the row's number in the pane (1, 2, ... in the order the downloads were queued). The parts of the
     * row carry the style classes {@code download-progress}, {@code download-status}, {@code download-speed} and
     * {@code download-cancel}, the same in every row.
     *
     * @return the number the row was created with
     */
    public int number() {
        return number;
    }

    /**
     * Returns the state of the row's task (the pane removes the row when it is cancelled).
     *
     * @return the task's state
     */
    public FxTaskState<Path> job() {
        return job;
    }

    /** Retries failed attempts with exponential back-off; cancellation is not a failure and is not retried. */
    private Path downloadWithRetries(FxTaskState<Path> state) throws Exception {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return fetch(state);
            } catch (IOException e) {
                if (attempt == MAX_ATTEMPTS) throw e;
                status.setText("attempt " + attempt + " failed (" + e.getMessage() + "), retrying in "
                        + backoff.toMillis() + " ms");
                speed.setText("");
                Async.sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** One attempt: the request, then the body into the file. */
    private Path fetch(FxTaskState<Path> state) throws Exception {
        status.setText("connecting");
        HttpResponse<InputStream> response = Async.await(
                http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream()));
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode());
            long total = response.headers().firstValueAsLong("content-length").orElse(-1);
            save(body, total, state);
            return target;
        }
    }

    /** Copies {@code body} into the target file. Whatever ends it early (failure, Cancel, the window closing) removes the partial file. */
    private void save(InputStream body, long total, FxTaskState<Path> state) throws Exception {
        boolean complete = false;
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            EventLoop loop = EventLoop.current();
            // Each chunk is read and written on the I/O executor; the task waits for it without blocking the UI.
            Transfer.copy(() -> loop.runInExecutor(io, () -> copyChunk(body, out, buffer)),
                    new Transfer.Display(status::setText, speed::setText, bytes -> state.updateProgress(bytes, total)));
            complete = true;
        } finally {
            // Runs on cancellation too. A chunk still being copied on the executor writes to the deleted file.
            if (!complete) Files.deleteIfExists(target);
        }
    }

    private static int copyChunk(InputStream in, OutputStream out, byte[] buffer) throws IOException {
        int n = in.read(buffer);
        if (n > 0) out.write(buffer, 0, n);
        return n;
    }
}
