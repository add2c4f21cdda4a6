package io.loopfx.bench.fx;

import io.loopfx.bench.Options;
import io.loopfx.bench.Stats;
import io.loopfx.bench.peers.Kotlinx;
import io.loopfx.core.Async;
import io.loopfx.core.TaskStart;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * FX timers against kotlinx.coroutines (issue 16): {@code n} delays uniform in [0, 10 ms] (seeded, microsecond
 * steps), all started at once from one FX-thread callback while the stage's pulses go on, three ways:
 * <ul>
 * <li>{@code loopfx_timer}: {@link FxEventLoop#callLater};</li>
 * <li>{@code loopfx_sleep}: a task started eagerly ({@link TaskStart#EAGER}) that calls {@link Async#sleep};</li>
 * <li>{@code kotlinx_delay}: a coroutine launched on {@code Dispatchers.JavaFx} with
 *     {@code CoroutineStart.UNDISPATCHED} (so that, like the eager task, it starts inside the callback) that
 *     calls {@code delay} (kotlinx rounds a delay up to whole milliseconds and runs it on a JavaFX
 *     {@code Timeline}).</li>
 * </ul>
 * Lateness of each: {@link System#nanoTime()} when it ran, minus the reading just before the timer was set,
 * minus the delay (negative = early). The three alternate within every run, the order rotated each run.
 *
 * <p>Options: {@code --n 1000 --runs 5 --warmup 2} and those of {@link FxBenchRun}. Prints one JSON line
 * ({@code workload} {@code fx3_peers}): for each way the medians over runs of median/p99 (nearest rank)/min
 * lateness in ms, the worst max, the total early count, and the per-run figures.
 */
public final class FxPeerTimerMain {
    private static final long MAX_DELAY_NANOS = 10_000_000;
    private static final String[] WAYS = {"loopfx_timer", "loopfx_sleep", "kotlinx_delay"};

    /** Sets one timer per delay (ns), each handing its lateness in ns to {@code late}; runs on the FX thread. */
    @FunctionalInterface
    private interface Timers {
        void set(long[] delays, LongConsumer late);
    }

    private FxPeerTimerMain() {
    }

    /**
     * Runs the measurement and exits the JVM.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        FxBenchRun.main("fx3_peers", args, FxPeerTimerMain::measure);
    }

    private static void measure(FxEventLoop loop, Options o, Map<String, Object> out) throws Exception {
        int n = o.intValue("n", 1000);
        int runs = o.intValue("runs", 5);
        int warmup = o.intValue("warmup", 2);
        Timers[] ways = {
            (delays, late) -> {
                for (long d : delays) {
                    long start = System.nanoTime();
                    loop.callLater(Duration.ofNanos(d), () -> late.accept(System.nanoTime() - start - d));
                }
            },
            (delays, late) -> {
                for (long d : delays) {
                    loop.createTask("sleeper", TaskStart.EAGER, () -> {
                        long start = System.nanoTime();
                        Async.sleep(Duration.ofNanos(d));
                        late.accept(System.nanoTime() - start - d);
                        return null;
                    });
                }
            },
            Kotlinx::delaysOnJavaFx,
        };
        List<List<Map<String, Object>>> perWay = new ArrayList<>();
        for (int w = 0; w < WAYS.length; w++) perWay.add(new ArrayList<>());
        for (int r = -warmup; r < runs; r++) {
            long[] delays = delaysNanos(n, r < 0 ? 1000 - r : r);
            for (int k = 0; k < WAYS.length; k++) {
                int w = (Math.floorMod(r, WAYS.length) + k) % WAYS.length;
                System.gc();
                double[] late = fire(ways[w], delays);
                if (r >= 0) perWay.get(w).add(Stats.lateness(late));
            }
        }
        out.put("n", n);
        out.put("runs", runs);
        out.put("warmup", warmup);
        out.put("max_delay_ms", MAX_DELAY_NANOS / 1e6);
        out.put("unit", "ms late");
        for (int w = 0; w < WAYS.length; w++) out.put(WAYS[w], FxTimerLatenessMain.reduce(perWay.get(w)));
    }

    /** {@code n} delays uniform in [0, 10 ms] in microsecond steps, from a generator seeded with {@code seed}. */
    static long[] delaysNanos(int n, long seed) {
        Random random = new Random(seed);
        long[] d = new long[n];
        for (int i = 0; i < n; i++) d[i] = random.nextLong(MAX_DELAY_NANOS / 1000 + 1) * 1000;
        return d;
    }

    /** Sets all timers with {@code timers} from one FX-thread callback; returns their lateness in ms, in the order they ran. */
    private static double[] fire(Timers timers, long[] delays) throws Exception {
        int n = delays.length;
        double[] late = new double[n];
        int[] fired = {0}; // FX thread only
        CompletableFuture<Void> allFired = new CompletableFuture<>();
        LongConsumer record = ns -> {
            late[fired[0]++] = ns / 1e6;
            if (fired[0] == n) allFired.complete(null);
        };
        Platform.runLater(() -> timers.set(delays, record));
        FxBenchRun.await(allFired, n + " timers to fire");
        return late;
    }
}
