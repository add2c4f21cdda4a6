package io.loopfx.bench.fx;

import io.loopfx.bench.Options;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * FX workload fx1 (issue 4): {@code n} callbacks scheduled from one FX-thread callback, with
 * {@link FxEventLoop#callSoon} on one side and one {@link Platform#runLater} per callback on the other; time
 * = first call to the last callback having run (asyncio_bench.py's a1, on the FX thread). Both sides start
 * from a {@code runLater} callback and run with the stage's pulses going on; the two alternate within every
 * run, the order swapped each run.
 *
 * <p>Options: {@code --n 200000 --runs 5 --warmup 2} and those of {@link FxBenchRun}. Prints one JSON line:
 * medians over the runs of callbacks/s for each side, their ratio, the scheduling cost per call, and the
 * per-run samples.
 */
public final class FxCallSoonMain {
    private FxCallSoonMain() {
    }

    /**
     * Runs the measurement and exits the JVM.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        FxBenchRun.main("fx1", args, FxCallSoonMain::measure);
    }

    private static void measure(FxEventLoop loop, Options o, Map<String, Object> out) throws Exception {
        int n = o.intValue("n", 200_000);
        SideBySide sides = new SideBySide(n, o.intValue("runs", 5), o.intValue("warmup", 2));
        sides.run(() -> schedule(n, loop::callSoon), () -> schedule(n, Platform::runLater));
        sides.report(out);
    }

    /** Schedules n callbacks with {@code post} from one FX-thread callback; returns {total, scheduling} ns. */
    static long[] schedule(int n, Consumer<Runnable> post) throws Exception {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] t = new long[2];
        Runnable last = () -> done.complete(new long[] {System.nanoTime() - t[0], t[1]});
        Platform.runLater(() -> {
            t[0] = System.nanoTime();
            for (int i = 1; i < n; i++) post.accept(FxBenchRun.NOOP);
            post.accept(last);
            t[1] = System.nanoTime() - t[0];
        });
        return FxBenchRun.await(done, n + " callbacks to run");
    }
}
