package io.loopfx.bench.fx;

import io.loopfx.core.Async;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a benchmark: a short program on the FX loop that makes each loopfx Flight Recorder event happen once or a
 * few times, for the recording shown in docs/debugging.md ({@code bench/jfr_tour.sh} runs it with a recording
 * and prints {@code jfr summary} and {@code jfr print}). It blocks the FX thread in a callback (a slow callback,
 * and the timer due meanwhile runs late), runs tasks that end, fail and are cancelled (task lifecycle), and
 * opens two nested {@code runUntilComplete} calls on the FX thread of which the outer one is done first (a
 * held-up nested call). Exits when done; status 1 if a step did not happen.
 */
public final class JfrTourMain {
    /** How long the blocking callback keeps the FX thread: above the slow-callback event's 100 ms threshold. */
    private static final long BLOCK_MILLIS = 150;

    private JfrTourMain() {
    }

    /**
     * Runs the tour and exits the JVM.
     *
     * @param args none
     */
    public static void main(String[] args) {
        int status = 0;
        try {
            Platform.startup(() -> {
            });
            Platform.setImplicitExit(false);
            FxEventLoop loop = FxEventLoop.get();
            loop.submit(() -> tasks(loop)).get(30, TimeUnit.SECONDS);
            nestedCalls(loop);
            loop.shutdown();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        Platform.exit();
        System.exit(status); // the recording is written by the JVM's exit
    }

    /** Tasks that end, fail and are cancelled; a blocking callback, and a timer that is late because of it. */
    private static Void tasks(FxEventLoop loop) throws Exception {
        Task<String> download = loop.createTask("download report.pdf", () -> {
            Async.sleep(Duration.ofMillis(20));
            return "report.pdf";
        });
        Task<String> failing = loop.createTask("fetch prices", () -> {
            Async.sleep(Duration.ofMillis(5));
            throw new IOException("connection reset");
        });
        Task<Void> forever = loop.createTask("poll status", () -> {
            while (true) Async.sleep(Duration.ofSeconds(1));
        });
        Async.await(download);
        try {
            Async.await(failing);
        } catch (IOException expected) {
            // the failure is the point; awaiting it retrieves it
        }
        forever.cancel("the tour is over");
        try {
            Async.await(forever);
        } catch (CancellationException expected) {
            // cancelled, as asked
        }
        LoopFuture<Void> timerRan = loop.createFuture();
        // Due while the FX thread is blocked by the next callback.
        loop.callLater(Duration.ofMillis(10), named("refresh clock label", () -> timerRan.setResult(null)));
        loop.callSoon(named("read config (blocking)", JfrTourMain::readConfigBlocking));
        Async.await(timerRan);
        return null;
    }

    /** A callback with a name: events and dumps show a callback by its toString(), and a lambda's names a class. */
    private static Runnable named(String name, Runnable body) {
        return new Runnable() {
            @Override
            public void run() {
                body.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** The mistake the slow-callback event is for: a blocking call on the FX thread. */
    private static void readConfigBlocking() {
        try {
            Thread.sleep(BLOCK_MILLIS); // stands for a file or socket read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On the FX thread, a handler's {@code runUntilComplete(outer)} and, inside it, a callback's
     * {@code runUntilComplete(inner)}; outer is completed first and inner 50 ms later, so the outer call is held
     * up by the inner one for that long.
     */
    private static void nestedCalls(FxEventLoop loop) throws Exception {
        CompletableFuture<LoopFuture<String>> outerF = new CompletableFuture<>();
        CompletableFuture<LoopFuture<String>> innerF = new CompletableFuture<>();
        CompletableFuture<String> outerReturned = new CompletableFuture<>();
        Platform.runLater(() -> {
            LoopFuture<String> outer = loop.createFuture();
            LoopFuture<String> inner = loop.createFuture();
            outerF.complete(outer);
            innerF.complete(inner);
            loop.callSoon(() -> {
                try {
                    loop.runUntilComplete(inner); // the second, nested call
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                outerReturned.complete(loop.runUntilComplete(outer));
            } catch (Exception e) {
                outerReturned.completeExceptionally(e);
            }
        });
        LoopFuture<String> outer = outerF.get(10, TimeUnit.SECONDS);
        LoopFuture<String> inner = innerF.get(10, TimeUnit.SECONDS);
        loop.submit(() -> {
            while (loop.nestingDepth() < 2) Async.sleep(Duration.ofMillis(1)); // until both calls are open
            outer.setResult("outer done");
            Async.sleep(Duration.ofMillis(50));
            inner.setResult("inner done");
            return null;
        }).get(10, TimeUnit.SECONDS);
        outerReturned.get(10, TimeUnit.SECONDS);
    }
}
