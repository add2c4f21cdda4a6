package io.loopfx.bench.fx;

import io.loopfx.bench.Options;
import io.loopfx.bench.Stats;
import io.loopfx.bench.TimerLatenessMain;
import io.loopfx.core.TimerHandle;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * FX workload fx3 (issue 4): timer lateness on the FX loop. {@code n} {@link FxEventLoop#callLater} timers
 * with delays uniform in [1 ms, 50 ms] (seeded, the delays of asyncio_bench.py's f), all scheduled at once
 * from one FX-thread callback while the stage's pulses go on. Each timer's lateness is measured twice:
 * against the loop's clock ({@code loop.time() - handle.when()}: how late the loop ran it after its own
 * deadline) and against {@link System#nanoTime()} at scheduling plus the delay (asyncio_bench.py's
 * definition, which also counts the time {@code callLater} itself took). Negative lateness = early.
 *
 * <p>Options: {@code --n 1000 --runs 5 --warmup 2} and those of {@link FxBenchRun}. Prints one JSON line:
 * for each measure the medians over runs of median/p99 (nearest rank)/min lateness in ms, the worst max, the
 * total early count, and the per-run figures.
 */
public final class FxTimerLatenessMain {
    private FxTimerLatenessMain() {
    }

    /**
     * Runs the measurement and exits the JVM.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        FxBenchRun.main("fx3", args, FxTimerLatenessMain::measure);
    }

    private static void measure(FxEventLoop loop, Options o, Map<String, Object> out) throws Exception {
        int n = o.intValue("n", 1000);
        int runs = o.intValue("runs", 5);
        int warmup = o.intValue("warmup", 2);
        List<Map<String, Object>> loopClock = new ArrayList<>();
        List<Map<String, Object>> nanoTime = new ArrayList<>();
        List<Map<String, Object>> baseline = new ArrayList<>();
        List<Map<String, Object>> handOff = new ArrayList<>();
        ScheduledExecutorService jdkTimer = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int r = -warmup; r < runs; r++) {
                long[] delays = TimerLatenessMain.delaysNanos(n, r < 0 ? 1000 - r : r);
                System.gc();
                double[][] late = fire(loop, delays);
                System.gc();
                double[] jdkOnly = fireWithoutLoopfx(jdkTimer, delays);
                double[] floor = runLaterHandOff(n, r);
                if (r < 0) continue;
                loopClock.add(Stats.lateness(late[0]));
                nanoTime.add(Stats.lateness(late[1]));
                baseline.add(Stats.lateness(jdkOnly));
                handOff.add(Stats.lateness(floor));
            }
        } finally {
            jdkTimer.shutdownNow();
        }
        out.put("n", n);
        out.put("runs", runs);
        out.put("warmup", warmup);
        out.put("unit", "ms late");
        out.put("loop_clock", reduce(loopClock));
        out.put("nanotime", reduce(nanoTime));
        out.put("scheduled_executor_runlater", reduce(baseline));
        out.put("runlater_hand_off", reduce(handOff));
    }

    /**
     * The floor for any timer on this platform: {@code n} single {@code Platform.runLater}s posted one at a
     * time from another thread, at random moments (0-1 ms apart, each after the previous one ran, so none
     * queues behind another), timed from the post to the start of the runnable on the FX thread. A timer
     * thread cannot hand work to the FX thread faster than that; what is left is the FX thread being busy
     * (pulses, rendering, the toolkit's own event processing).
     */
    private static double[] runLaterHandOff(int n, int seed) throws Exception {
        double[] late = new double[n];
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(1_000_000));
            CompletableFuture<Void> ran = new CompletableFuture<>();
            int k = i;
            long posted = System.nanoTime();
            Platform.runLater(() -> {
                late[k] = (System.nanoTime() - posted) / 1e6;
                ran.complete(null);
            });
            FxBenchRun.await(ran, "a runLater hand-off");
        }
        return late;
    }

    /**
     * The same timers without loopfx, as JDK-only code would write them: a {@code ScheduledExecutorService}
     * posting one {@code Platform.runLater} per timer, lateness measured on the FX thread against
     * {@code System.nanoTime()}. Where one {@code runLater} costs more than the timers' spacing (GTK), they
     * queue behind each other.
     */
    private static double[] fireWithoutLoopfx(ScheduledExecutorService timer, long[] delays) throws Exception {
        int n = delays.length;
        double[] late = new double[n];
        int[] fired = {0}; // FX thread only
        CompletableFuture<Void> allFired = new CompletableFuture<>();
        Platform.runLater(() -> {
            for (long d : delays) {
                long target = System.nanoTime() + d;
                timer.schedule(() -> Platform.runLater(() -> {
                    late[fired[0]++] = (System.nanoTime() - target) / 1e6;
                    if (fired[0] == n) allFired.complete(null);
                }), d, TimeUnit.NANOSECONDS);
            }
        });
        FxBenchRun.await(allFired, n + " ScheduledExecutorService timers to fire");
        return late;
    }

    /** Schedules the timers from one FX-thread callback; returns their lateness in ms {vs loop clock, vs nanoTime}. */
    private static double[][] fire(FxEventLoop loop, long[] delays) throws Exception {
        int n = delays.length;
        double[][] late = new double[2][n];
        int[] fired = {0}; // FX thread only
        CompletableFuture<Void> allFired = new CompletableFuture<>();
        Platform.runLater(() -> {
            for (long d : delays) {
                TimerHandle[] self = new TimerHandle[1];
                long target = System.nanoTime() + d;
                self[0] = loop.callLater(Duration.ofNanos(d), () -> {
                    long now = System.nanoTime();
                    int i = fired[0]++;
                    late[0][i] = (loop.time() - self[0].when()) / 1e6;
                    late[1][i] = (now - target) / 1e6;
                    if (fired[0] == n) allFired.complete(null);
                });
            }
        });
        FxBenchRun.await(allFired, n + " timers to fire");
        return late;
    }

    /** Medians over runs of each statistic, the worst max, the total early count, and the runs themselves. */
    static Map<String, Object> reduce(List<Map<String, Object>> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("median_ms", "p99_ms", "min_ms")) {
            m.put(k, FxBenchRun.median(runs.stream().map(r -> (Double) r.get(k)).toList()));
        }
        m.put("max_ms", runs.stream().mapToDouble(r -> (Double) r.get("max_ms")).max().orElseThrow());
        m.put("early_count_total", runs.stream().mapToLong(r -> (Long) r.get("early_count")).sum());
        m.put("per_run", runs);
        return m;
    }
}
