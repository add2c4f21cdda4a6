package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Workload f of asyncio_bench.py: {@code n} timers with delays uniform in [1 ms, 50 ms] (seeded), all
 * scheduled at once from a task; lateness = {@code System.nanoTime()} in the callback minus
 * ({@code System.nanoTime()} at scheduling + delay). Lateness is not a throughput, so this is a plain main,
 * not a JMH benchmark.
 *
 * <p>Options: {@code --n 1000 --runs 5 --warmup 2 --jsonl FILE}. Warm-up runs (not recorded) let the JIT
 * compile the loop first. Each recorded run (seed = run index) appends one JSON line to FILE (or stdout)
 * with its median, p99 (nearest rank), min and max lateness in ms and its count of early timers.
 */
public final class TimerLatenessMain {
    private TimerLatenessMain() {
    }

    /**
     * Runs the measurement.
     *
     * @param args the options
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        int n = o.intValue("n", 1000);
        int runs = o.intValue("runs", 5);
        int warmup = o.intValue("warmup", 2);
        String out = o.value("jsonl", null);
        try (EventLoop loop = EventLoop.create()) {
            for (int w = 0; w < warmup; w++) measure(loop, n, 1000 + w);
            for (int r = 0; r < runs; r++) Json.appendLine(out, measure(loop, n, r));
        }
    }

    /**
     * Returns workload f's timer delays: {@code n} values uniform in [1 ms, 50 ms] from a generator seeded
     * with {@code seed}, in nanoseconds.
     *
     * @param n    how many
     * @param seed the seed
     * @return the delays in ns
     */
    public static long[] delaysNanos(int n, long seed) {
        Random rnd = new Random(seed);
        long[] delays = new long[n];
        for (int i = 0; i < n; i++) delays[i] = Math.round((0.001 + 0.049 * rnd.nextDouble()) * 1e9);
        return delays;
    }

    private static Map<String, Object> measure(EventLoop loop, int n, long seed) throws Exception {
        long[] delays = delaysNanos(n, seed);
        double[] lateMs = new double[n];
        loop.runUntilComplete(() -> {
            LoopFuture<Void> allFired = loop.createFuture();
            int[] fired = {0};
            for (long d : delays) {
                long target = System.nanoTime() + d;
                loop.callLater(Duration.ofNanos(d), () -> {
                    lateMs[fired[0]++] = (System.nanoTime() - target) / 1e6;
                    if (fired[0] == n) allFired.setResult(null);
                });
            }
            return Async.await(allFired);
        });
        Map<String, Object> late = Stats.lateness(lateMs);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("value", late.remove("median_ms"));
        s.put("unit", "ms late (median)");
        s.putAll(late);
        s.put("n", n);
        s.put("seed", seed);
        return s;
    }
}
