package io.loopfx.demo.work;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.demo.Ui;
import io.loopfx.fx.FxAsync;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.PixelFormat;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Work tab: a Mandelbrot image computed in bands with {@code runInExecutor} on a thread pool. The task
 * paints each band as it arrives ({@code Async.asCompleted}) and moves the progress bar; the FX thread only
 * paints, so the spinning square never stutters. Each render zooms in further.
 */
public final class MandelbrotPane extends BorderPane {
    private static final int WIDTH = 720, HEIGHT = 440, BAND = 20;

    private final Executor pool;
    private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Press Render.");
    private final Button render = new Button("Render");
    private final Button cancel = new Button("Cancel");
    private double scale = 3.2 / WIDTH;
    private Task<?> job; // the running render, for Cancel

    /**
     * Creates the tab. FX thread.
     *
     * @param pool where the bands are computed
     */
    public MandelbrotPane(Executor pool) {
        this.pool = pool;
        render.setId("work-render");
        cancel.setId("work-cancel");
        progress.setId("work-progress");
        status.setId("work-status");
        canvas.setId("work-canvas");
        cancel.setDisable(true);
        render.setOnAction(FxAsync.handler(e -> {
            job = Async.currentTask();
            renderImage();
        }));
        cancel.setOnAction(e -> job.cancel());

        progress.setPrefWidth(260);
        HBox bar = new HBox(12, render, cancel, progress, status, Ui.spinner());
        bar.setAlignment(Pos.CENTER_LEFT);
        Ui.layout(this, "Work off the FX thread",
                "Render computes a Mandelbrot image in bands of " + BAND + " rows on a thread pool (runInExecutor). "
                        + "The task awaits the bands as they complete and paints them; the square keeps spinning. "
                        + "Cancel stops the workers.",
                new VBox(10, bar, canvas));
    }

    private void renderImage() throws Exception {
        Mandelbrot image = new Mandelbrot(WIDTH, HEIGHT, -0.743643887, 0.131825904, scale, 2000);
        scale *= 0.35; // the next render zooms in
        AtomicBoolean cancelled = new AtomicBoolean();
        List<LoopFuture<Band>> bands = new ArrayList<>();
        render.setDisable(true);
        cancel.setDisable(false);
        long start = System.nanoTime();
        try {
            for (int y = 0; y < HEIGHT; y += BAND) {
                int y0 = y;
                bands.add(EventLoop.current().runInExecutor(pool, () -> new Band(y0, image.band(y0, BAND, cancelled::get))));
            }
            int done = 0;
            for (LoopFuture<Band> next : Async.asCompleted(bands)) {
                Band band = Async.await(next);
                canvas.getGraphicsContext2D().getPixelWriter().setPixels(0, band.y0, WIDTH, BAND,
                        PixelFormat.getIntArgbInstance(), band.argb, 0, WIDTH);
                progress.setProgress(++done / (double) bands.size());
                status.setText(done + " of " + bands.size() + " bands");
            }
            status.setText("Rendered in " + (System.nanoTime() - start) / 1_000_000 + " ms; Render zooms in.");
        } catch (CancellationException e) {
            status.setText("Cancelled.");
            throw e;
        } finally {
            bands.forEach(LoopFuture::cancel); // bands still queued never start ...
            cancelled.set(true);               // ... and running ones stop at their next row
            render.setDisable(false);
            cancel.setDisable(true);
        }
    }

    private record Band(int y0, int[] argb) {
    }
}
