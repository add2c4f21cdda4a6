package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.process.ProcessCallable;
import io.loopfx.core.process.ProcessPoolExecutor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopfx side of {@code bench/process_pool_bench.py}: asyncio's {@code ProcessPoolExecutor} workloads on
 * loopfx's {@link ProcessPoolExecutor}, through {@code loop.runInExecutor(pool, fn)} as asyncio uses
 * {@code loop.run_in_executor(pool, f)}; {@code fn} returns null.
 *
 * <ul>
 *   <li>p1: {@code Async.await(loop.runInExecutor(pool, fn))} n times in a row (after one call per worker that
 *       starts them); microseconds per call.</li>
 *   <li>p2: n {@code runInExecutor} futures at once, then {@code Async.gather}; calls per second.</li>
 *   <li>p3: from building the pool to the first result; milliseconds. Starts a worker JVM.</li>
 * </ul>
 * Options: {@code --workers 2 --runs 5 --warmup 1 --p1 2000 --p2 1000 --jsonl FILE}. p1 and p2 share one
 * pool for all runs, so warm-up runs (not recorded) let the JIT compile both this JVM's side and the workers'
 * (a Python worker, forked from a warm interpreter, has no JIT to warm); p3 builds a new pool every run. Each
 * recorded run appends one JSON line, and the median of each workload is printed. Worker JVMs start with the
 * pool's defaults.
 */
public final class ProcessPoolMain {
    private static final ProcessCallable<Object> TRIVIAL = () -> null;

    private ProcessPoolMain() {
    }

    /**
     * Runs the measurement.
     *
     * @param args the options
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        int workers = o.intValue("workers", 2);
        int runs = o.intValue("runs", 5);
        int warmup = o.intValue("warmup", 1);
        int n1 = o.intValue("p1", 2000);
        int n2 = o.intValue("p2", 1000);
        String out = o.value("jsonl", null);
        Map<String, double[]> values = new LinkedHashMap<>();
        values.put("p1", new double[runs]);
        values.put("p2", new double[runs]);
        values.put("p3", new double[runs]);
        try (ProcessPoolExecutor pool = ProcessPoolExecutor.create(workers)) {
        for (int r = -warmup; r < runs; r++) {
            double p1 = sequential(pool, workers, n1), p2 = burst(pool, workers, n2), p3 = coldStart(workers);
            if (r < 0) continue;
            values.get("p1")[r] = p1;
            values.get("p2")[r] = p2;
            values.get("p3")[r] = p3;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("run", r);
            line.put("workers", workers);
            line.put("p1_us_per_call", p1);
            line.put("p1_n", n1);
            line.put("p2_calls_per_s", p2);
            line.put("p2_n", n2);
            line.put("p3_ms_to_first_result", p3);
            Json.appendLine(out, line);
        }
        }
        String[] units = {"us/call", "calls/s", "ms to first result"};
        int i = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] v = e.getValue().clone();
            java.util.Arrays.sort(v);
            System.out.printf("loopfx   %s median=%.4g %s (min %.4g, max %.4g)%n", e.getKey(), Stats.median(v),
                    units[i++], v[0], v[v.length - 1]);
        }
    }

    private static void startWorkers(EventLoop loop, ProcessPoolExecutor pool, int workers) throws Exception {
        List<LoopFuture<Object>> first = new ArrayList<>();
        for (int w = 0; w < workers; w++) first.add(loop.runInExecutor(pool, TRIVIAL));
        Async.gather(first);
    }

    private static double sequential(ProcessPoolExecutor pool, int workers, int n) throws Exception {
        return EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            startWorkers(loop, pool, workers);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) Async.await(loop.runInExecutor(pool, TRIVIAL));
            return (System.nanoTime() - t0) / 1e3 / n;
        });
    }

    private static double burst(ProcessPoolExecutor pool, int workers, int n) throws Exception {
        return EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            startWorkers(loop, pool, workers);
            long t0 = System.nanoTime();
            List<LoopFuture<Object>> calls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) calls.add(loop.runInExecutor(pool, TRIVIAL));
            Async.gather(calls);
            return n / ((System.nanoTime() - t0) / 1e9);
        });
    }

    private static double coldStart(int workers) throws Exception {
        long t0 = System.nanoTime();
        try (ProcessPoolExecutor pool = ProcessPoolExecutor.create(workers)) {
            EventLoop.run(() -> Async.await(EventLoop.current().runInExecutor(pool, TRIVIAL)));
            return (System.nanoTime() - t0) / 1e6;
        }
    }
}
