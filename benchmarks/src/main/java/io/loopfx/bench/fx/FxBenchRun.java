package io.loopfx.bench.fx;

import io.loopfx.bench.Json;
import io.loopfx.bench.Options;
import io.loopfx.fx.FxEventLoop;
import javafx.animation.Animation;
import javafx.animation.RotateTransition;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every FX main shares: starts the toolkit with {@link Platform#startup}, shows a small stage with a
 * spinning square (so pulses are requested and something is rendered, as in a real window) and a
 * {@link PulseRecorder}, runs one workload, prints or appends one JSON line, and exits. A workload that fails
 * or times out still writes its line, with an {@code error} field, and the JVM exits with status 1.
 *
 * <p>Common options: {@code --jsonl FILE} (default: stdout), {@code --timeout-s 300} (the longest one
 * measured operation may take before the run is declared stuck).
 */
final class FxBenchRun {
    /** A callback that does nothing: the unit of work of the throughput workloads. */
    static final Runnable NOOP = () -> {
    };

    private static long timeoutNanos = TimeUnit.SECONDS.toNanos(300);
    private static PulseRecorder pulses;

    /** One workload: measures on {@code loop} and puts its figures into {@code out}. Runs off the FX thread. */
    interface Workload {
        void measure(FxEventLoop loop, Options options, Map<String, Object> out) throws Exception;
    }

    private FxBenchRun() {
    }

    /** Runs {@code workload} named {@code name} with the command line {@code args}, then exits the JVM. */
    static void main(String name, String[] args, Workload workload) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workload", name);
        String file = null;
        int status = 0;
        try {
            Options o = new Options(args);
            file = o.value("jsonl", null);
            timeoutNanos = TimeUnit.SECONDS.toNanos(o.intValue("timeout-s", 300));
            FxEventLoop loop = startToolkit();
            describe(loop, out);
            workload.measure(loop, o, out);
        } catch (Throwable t) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            System.err.print(trace);
            out.put("error", t.toString());
            status = 1;
        }
        try {
            Json.appendLine(file, out);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        Platform.exit();
        System.exit(status);
    }

    /** Starts JavaFX, shows the stage, waits until pulses run, and returns the FX loop. */
    private static FxEventLoop startToolkit() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        await(started, "the JavaFX toolkit to start");
        FxEventLoop loop = onFx(() -> {
            Platform.setImplicitExit(false);
            Rectangle square = new Rectangle(80, 80, 60, 60);
            square.setFill(Color.STEELBLUE);
            RotateTransition spin = new RotateTransition(Duration.seconds(2), square);
            spin.setByAngle(360);
            spin.setCycleCount(Animation.INDEFINITE);
            spin.play();
            Stage stage = new Stage();
            stage.setTitle("loopfx FX benchmark");
            stage.setScene(new Scene(new Pane(square), 220, 220));
            stage.show();
            pulses = new PulseRecorder(1 << 20);
            pulses.start();
            return FxEventLoop.get();
        });
        long deadline = System.nanoTime() + timeoutNanos;
        while (onFx(() -> pulses.count()) < 10) {
            if (System.nanoTime() - deadline > 0) throw new TimeoutException("no pulses after the stage was shown");
            Thread.sleep(20);
        }
        return loop;
    }

    /** The pulse recorder started with the stage (FX thread only). */
    static PulseRecorder pulses() {
        return pulses;
    }

    /** Puts what the figures were measured on into {@code out}: platform, pipeline, versions, slice budget. */
    private static void describe(FxEventLoop loop, Map<String, Object> out) throws Exception {
        String app = internalClassOf("com.sun.glass.ui.Application", "GetApplication");
        out.put("platform", app.toLowerCase().replace("application", ""));
        out.put("glass_application", app);
        out.put("prism_pipeline", internalClassOf("com.sun.prism.GraphicsPipeline", "getPipeline"));
        out.put("javafx", System.getProperty("javafx.runtime.version"));
        out.put("jdk", System.getProperty("java.runtime.version"));
        out.put("slice_budget_ms", onFx(() -> loop.sliceBudget().toNanos() / 1e6));
    }

    /** Returns the simple class name of what the static {@code getter} of JavaFX's internal class returns. */
    private static String internalClassOf(String className, String getter) throws Exception {
        Callable<String> read = () -> {
            Object o = Class.forName(className).getMethod(getter).invoke(null);
            return o == null ? "none" : o.getClass().getSimpleName();
        };
        try {
            return onFx(read);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    /** Runs {@code body} on the FX thread and returns its result. */
    static <T> T onFx(Callable<T> body) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return await(f, "a call on the FX thread");
    }

    /** Waits for {@code f} at most the run's timeout, naming {@code what} if it times out. */
    static <T> T await(CompletableFuture<T> f, String what) throws Exception {
        try {
            return f.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("gave up waiting for " + what + " after "
                    + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s (--timeout-s)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) throw ex;
            throw e;
        }
    }

    /** Returns the median of {@code values}. */
    static double median(List<Double> values) {
        return io.loopfx.bench.Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
