package io.loopfx.fx;

import io.loopfx.core.ErrorContext;
import io.loopfx.core.LoopFuture;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared toolkit (started once per JVM by TestFX) and small helpers for the FX tests. */
final class FxTestSupport {
    static final long TIMEOUT_SECONDS = 20;

    private FxTestSupport() {
    }

    /** Starts the toolkit once per JVM and returns the primary stage. */
    static Stage startToolkit() throws Exception {
        return FxToolkit.registerPrimaryStage();
    }

    static boolean onGtk() {
        return "gtk".equals(System.getProperty("loopfx.test.platform"));
    }

    /** Runs {@code body} on the FX thread later (as an event handler would run) and returns its outcome. */
    static <T> CompletableFuture<T> onFxAsync(Callable<T> body) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                cf.complete(body.call());
            } catch (Throwable t) {
                cf.completeExceptionally(t);
            }
        });
        return cf;
    }

    /** Runs {@code body} on the FX thread and returns its result, rethrowing its failure. */
    static <T> T onFx(Callable<T> body) throws Exception {
        try {
            return onFxAsync(body).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    /** Runs {@code body} on the FX thread and waits for it. */
    static void runFx(ThrowingRunnable body) throws Exception {
        onFx(() -> {
            body.run();
            return null;
        });
    }

    /** Waits (off the FX thread) until {@code condition}, checked on the FX thread, holds. */
    static void waitUntilFx(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll, not a timing guess
        }
    }

    /** Calls {@code call} in an {@code AnimationTimer}'s handle (during a pulse) and returns what it threw (or null). */
    static Throwable callDuringAPulse(Callable<?> call) throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        runFx(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                try {
                    call.call();
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            }
        }.start());
        return seen.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Nests {@link FxEventLoop#MAX_NESTED_CALLS} calls of {@code runUntilComplete} on the FX thread, each from a
     * callback of the one outside it, calls it once more inside them all, unwinds the others, and returns what that
     * last call threw (null if it returned).
     */
    static Throwable callBeyondTheNestingCap(FxEventLoop loop) throws Exception {
        List<LoopFuture<Void>> open = onFx(() -> {
            List<LoopFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < FxEventLoop.MAX_NESTED_CALLS; i++) futures.add(loop.createFuture());
            return futures;
        });
        CompletableFuture<Throwable> beyond = new CompletableFuture<>();
        class Nest {
            void at(int depth) throws Exception {
                if (depth == FxEventLoop.MAX_NESTED_CALLS) {
                    try {
                        loop.runUntilComplete(loop.createFuture());
                        beyond.complete(null);
                    } catch (Throwable t) {
                        beyond.complete(t);
                    }
                    for (LoopFuture<Void> f : open) f.setResult(null);
                    return;
                }
                loop.callSoon(() -> {
                    try {
                        at(depth + 1);
                    } catch (Exception e) {
                        beyond.completeExceptionally(e);
                    }
                });
                loop.runUntilComplete(open.get(depth));
            }
        }
        runFx(() -> new Nest().at(0));
        return beyond.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Installs an exception handler on the FX loop that records every error; returns the record. */
    static List<ErrorContext> captureErrors(FxEventLoop loop) {
        List<ErrorContext> errors = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, c) -> errors.add(c));
        return errors;
    }

    /** The toolkit's system properties a child JVM gets from this one, so that it runs on the same platform. */
    private static final String[] CHILD_PROPERTIES = {"glass.platform", "monocle.platform", "prism.order",
            "java.awt.headless", "prism.verbose"};

    /**
     * Returns the command that runs {@code main} in a child JVM on this JVM's class path and JavaFX platform.
     *
     * @param withFlag whether the child gets the JVM option loopfx needs
     * @param main     the class whose main method runs
     * @param args     its arguments
     * @return the command line
     */
    static List<String> childJvm(boolean withFlag, Class<?> main, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withFlag) cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        for (String p : CHILD_PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) cmd.add("-D" + p + "=" + v);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
