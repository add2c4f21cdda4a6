package io.loopfx.bench.fx;

import io.loopfx.bench.Options;
import io.loopfx.bench.peers.Kotlinx;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * FX workload fx1 against the peers (issue 16): {@link FxCallSoonMain}'s {@code n} callbacks scheduled from
 * one FX-thread callback, with {@link FxEventLoop#callSoon}, with kotlinx.coroutines' {@code Dispatchers.JavaFx}
 * (a {@code dispatch} per callback, through its executor) and with one {@link Platform#runLater} per callback;
 * time = first call to the last callback having run. The three alternate within every run, the order rotated
 * each run.
 *
 * <p>Options: {@code --n 200000 --runs 5 --warmup 2} and those of {@link FxBenchRun}. Prints one JSON line
 * ({@code workload} {@code fx1_peers}): medians over the runs of callbacks/s for each ({@code loopfx_per_s},
 * {@code kotlinx_per_s}, {@code runlater_per_s}), loopfx's ratio to each other, the scheduling cost per call,
 * and the per-run samples.
 */
public final class FxPeerCallSoonMain {
    private FxPeerCallSoonMain() {
    }

    /**
     * Runs the measurement and exits the JVM.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        FxBenchRun.main("fx1_peers", args, FxPeerCallSoonMain::measure);
    }

    private static void measure(FxEventLoop loop, Options o, Map<String, Object> out) throws Exception {
        int n = o.intValue("n", 200_000);
        Executor javaFx = Kotlinx.javaFxExecutor();
        SideBySide sides = new SideBySide(n, o.intValue("runs", 5), o.intValue("warmup", 2))
                .add("loopfx", () -> FxCallSoonMain.schedule(n, loop::callSoon))
                .add("kotlinx", () -> FxCallSoonMain.schedule(n, javaFx::execute))
                .add("runlater", () -> FxCallSoonMain.schedule(n, Platform::runLater));
        sides.run();
        sides.report(out);
    }
}
