package io.loopfx.demo.work;

import io.loopfx.core.process.ProcessCallable;

import java.io.Serializable;
import java.util.function.BooleanSupplier;

/**
 * Computes bands of a Mandelbrot image: plain CPU-bound Java, no JavaFX, run on worker threads or, as
 * {@link #bandTask}, in worker processes (which is why it is {@link Serializable}: a task captures it).
 *
 * @param width         the image's width in pixels
 * @param height        the image's height in pixels
 * @param centerX       the real part of the image's center
 * @param centerY       the imaginary part of the image's center
 * @param scale         the width of one pixel in the complex plane
 * @param maxIterations the iteration limit (the cost per pixel)
 */
public record Mandelbrot(int width, int height, double centerX, double centerY, double scale, int maxIterations)
        implements Serializable {

    /**
     * Returns the work of {@link #band} for a worker process. It captures only this record and two ints, and
     * answers with an {@code int[]}, which the pool's deserialization filter admits by default. A process is
     * stopped by killing it, so it needs no cancel check.
     *
     * @param y0   the first row
     * @param rows how many rows
     * @return the task
     */
    public ProcessCallable<int[]> bandTask(int y0, int rows) {
        return () -> band(y0, rows, () -> false);
    }

    /**
     * Returns a task that crashes the worker process running it, as a fault in native code would: it writes
     * a line to its standard error and halts the JVM with exit code 134 (what an abort signal gives).
     *
     * @return the task
     */
    public static ProcessCallable<int[]> crashTask() {
        return () -> {
            System.err.println("demo: simulated crash in native code while computing a band");
            System.err.flush();
            Runtime.getRuntime().halt(134);
            return null;
        };
    }

    /**
     * Computes rows {@code [y0, y0 + rows)} as ARGB pixels, checking {@code cancelled} after every row so
     * that a cancelled job frees its thread soon (cancelling the awaiting task does not stop a running job).
     *
     * @param y0        the first row
     * @param rows      how many rows
     * @param cancelled true once the result is no longer wanted
     * @return the pixels, row by row, or null if cancelled
     */
    public int[] band(int y0, int rows, BooleanSupplier cancelled) {
        int[] argb = new int[width * rows];
        for (int r = 0; r < rows; r++) {
            if (cancelled.getAsBoolean()) return null;
            double ci = centerY + (y0 + r - height / 2.0) * scale;
            for (int x = 0; x < width; x++) {
                double cr = centerX + (x - width / 2.0) * scale;
                argb[r * width + x] = color(escapeTime(cr, ci));
            }
        }
        return argb;
    }

    private double escapeTime(double cr, double ci) {
        double zr = 0, zi = 0;
        for (int i = 0; i < maxIterations; i++) {
            double zr2 = zr * zr, zi2 = zi * zi;
            if (zr2 + zi2 > 4) return i + 1 - Math.log(Math.log(Math.sqrt(zr2 + zi2))) / Math.log(2); // smooth colouring
            zi = 2 * zr * zi + ci;
            zr = zr2 - zi2 + cr;
        }
        return -1;
    }

    private int color(double t) {
        if (t < 0) return 0xFF101020;
        double v = Math.sqrt(t / maxIterations);
        int r = (int) (255 * Math.min(1, 9 * (1 - v) * v * v * v * 1.6));
        int g = (int) (255 * Math.min(1, 15 * (1 - v) * (1 - v) * v * v * 1.4));
        int b = (int) (255 * Math.min(1, 8.5 * (1 - v) * (1 - v) * (1 - v) * v * 1.8 + 0.15));
        return 0xFF000000 | r << 16 | g << 8 | b;
    }
}
