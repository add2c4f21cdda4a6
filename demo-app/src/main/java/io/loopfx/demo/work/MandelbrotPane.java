package io.loopfx.demo.work;

import io.loopfx.core.Async;
import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.core.process.ProcessCallable;
import io.loopfx.core.process.ProcessPoolExecutor;
import io.loopfx.core.process.WorkerDiedException;
import io.loopfx.demo.Ui;
import io.loopfx.fx.FxAsync;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.PixelFormat;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Work tab: a Mandelbrot image computed in bands, on a thread pool with {@code runInExecutor} or, with
 * "Processes" ticked, in worker JVMs of a {@link ProcessPoolExecutor}. The task paints each band as it arrives
 * ({@code Async.asCompleted}) and moves the progress bar; the FX thread only paints, so the spinning square
 * never stutters. Each completed render zooms the next one in further. "Render with a crash" renders in processes with one band's task
 * crashing its worker: that band fails with the worker's exit code and last words, and the pool replaces the
 * worker while the other bands complete.
 */
public final class MandelbrotPane extends BorderPane {
    /** The picture fills the tab at the window's first size; bands of 10 rows make its progress visible. */
    private static final int WIDTH = 1120, HEIGHT = 520, BAND = 10;
    /**
     * The iteration limit. The points inside the set cost the full limit each, so it sets how long the first
     * render takes: a few seconds on two cores, long enough to press Cancel. Later renders zoom in and take longer.
     */
    private static final int DEPTH = 10_000;

    private final Executor pool;
    private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Press Render.");
    private final Button render = new Button("Render");
    private final Button crash = new Button("Render with a crash");
    private final Button cancel = new Button("Cancel");
    private final CheckBox processes = new CheckBox("Processes");
    private double scale = 3.2 / WIDTH;
    private Task<?> job; // the running render, for Cancel
    private ProcessPoolExecutor processPool; // started on first use; closed by close()

    /**
     * Creates the tab. FX thread.
     *
     * @param pool where the bands are computed when "Processes" is not ticked
     */
    public MandelbrotPane(Executor pool) {
        this.pool = pool;
        render.setId("work-render");
        crash.setId("work-crash");
        cancel.setId("work-cancel");
        processes.setId("work-processes");
        progress.setId("work-progress");
        status.setId("work-status");
        canvas.setId("work-canvas");
        cancel.setDisable(true);
        render.setOnAction(FxAsync.handler(e -> {
            job = Async.currentTask();
            renderImage(-1);
        }));
        crash.setOnAction(FxAsync.handler(e -> {
            job = Async.currentTask();
            processes.setSelected(true);
            renderImage(HEIGHT / BAND / 2);
        }));
        cancel.setOnAction(e -> job.cancel());

        progress.setPrefWidth(220);
        HBox bar = new HBox(12, render, processes, crash, cancel, progress, status, Ui.spinner());
        bar.setAlignment(Pos.CENTER_LEFT);
        Ui.layout(this, "Work off the FX thread",
                "Render computes a Mandelbrot image in bands of " + BAND + " rows on a thread pool (runInExecutor), "
                        + "or, with Processes ticked, in worker JVMs (a ProcessPoolExecutor). The task awaits the "
                        + "bands as they complete and paints them; the square keeps spinning. Cancel stops the "
                        + "workers (in processes: kills them). Render with a crash crashes the worker of one band: "
                        + "that band fails, the rest of the image completes, the pool replaces the worker.",
                new VBox(10, bar, canvas));
    }

    /** Stops the worker JVMs, if "Processes" ever started them; the application calls it when it stops. */
    public void close() {
        if (processPool != null) processPool.shutdownNow();
    }

    private ProcessPoolExecutor processPool() {
        if (processPool == null) {
            processPool = ProcessPoolExecutor.builder().name("demo-mandelbrot")
                    .workers(Runtime.getRuntime().availableProcessors()).build();
        }
        return processPool;
    }

    /** Renders the next image; the band at index {@code crashAt} (if not -1) crashes its worker. */
    private void renderImage(int crashAt) throws Exception {
        Mandelbrot image = new Mandelbrot(WIDTH, HEIGHT, -0.743643887, 0.131825904, scale, DEPTH);
        boolean inProcesses = processes.isSelected();
        AtomicBoolean cancelled = new AtomicBoolean();
        EventLoop loop = EventLoop.current();
        List<LoopFuture<Band>> bands = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        render.setDisable(true);
        crash.setDisable(true);
        processes.setDisable(true);
        cancel.setDisable(false);
        long start = System.nanoTime();
        fadePicture(); // the new bands then stand out as they arrive
        progress.setProgress(0);
        status.setText("0 of " + HEIGHT / BAND + " bands");
        try {
            for (int y = 0; y < HEIGHT; y += BAND) {
                int y0 = y;
                Coroutine<int[]> pixels;
                if (inProcesses) {
                    ProcessCallable<int[]> work = y0 / BAND == crashAt ? Mandelbrot.crashTask() : image.bandTask(y0, BAND);
                    ProcessPoolExecutor procs = processPool();
                    // submit, not runInExecutor: cancelling the awaiting task cancels this future, which kills the worker
                    pixels = () -> Async.await(procs.submit(work));
                } else {
                    pixels = () -> Async.await(loop.runInExecutor(pool, () -> image.band(y0, BAND, cancelled::get)));
                }
                bands.add(loop.createTask(() -> {
                    try {
                        return new Band(y0, pixels.run(), null);
                    } catch (WorkerDiedException died) {
                        return new Band(y0, null, died);
                    }
                }));
            }
            int done = 0;
            for (LoopFuture<Band> next : Async.asCompleted(bands)) {
                Band band = Async.await(next);
                if (band.failure == null) {
                    canvas.getGraphicsContext2D().getPixelWriter().setPixels(0, band.y0, WIDTH, BAND,
                            PixelFormat.getIntArgbInstance(), band.argb, 0, WIDTH);
                } else {
                    paintFailure(band);
                    List<String> lastWords = band.failure.stderrTail();
                    failures.add("rows " + band.y0 + "-" + (band.y0 + BAND - 1) + ": " + firstLine(band.failure)
                            + (lastWords.isEmpty() ? "" : " Its stderr: " + lastWords.get(lastWords.size() - 1)));
                }
                progress.setProgress(++done / (double) bands.size());
                status.setText(done + " of " + bands.size() + " bands");
            }
            scale *= 0.35; // the next render zooms in (not after a cancelled one: its picture was never seen whole)
            String where = inProcesses ? " in processes" : "";
            status.setText(failures.isEmpty()
                    ? "Rendered" + where + " in " + (System.nanoTime() - start) / 1_000_000 + " ms; Render zooms in."
                    : "Rendered" + where + " with " + Ui.count(failures.size(), "failed band") + ": "
                            + String.join("; ", failures));
        } catch (CancellationException e) {
            status.setText("Cancelled.");
            throw e;
        } finally {
            bands.forEach(LoopFuture::cancel); // bands still queued never start ...
            cancelled.set(true);               // ... and running threads stop at their next row (processes: killed)
            render.setDisable(false);
            crash.setDisable(false);
            processes.setDisable(false);
            cancel.setDisable(true);
        }
    }

    /** Veils the last picture in the tab's background colour, leaving a faint trace of it. */
    private void fadePicture() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.web("#f4f4f4", 0.8));
        g.fillRect(0, 0, WIDTH, HEIGHT);
    }

    private void paintFailure(Band band) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.FIREBRICK);
        g.fillRect(0, band.y0, WIDTH, BAND);
        g.setFill(Color.WHITE);
        g.fillText("worker died: " + firstLine(band.failure), 8, band.y0 + BAND - 6, WIDTH - 16);
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private record Band(int y0, int[] argb, WorkerDiedException failure) {
    }
}
