package io.loopfx.bench.fx;

import io.loopfx.bench.Options;
import io.loopfx.bench.Stats;
import io.loopfx.core.TimerHandle;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * FX workload fx5 (issue 14): are timers on time while a flood of callbacks drains? From one FX-thread
 * callback, {@code n} callbacks (default 1,000,000) of {@code work-ns} each (default 1,000: busy work, as the
 * demo monitor's flood) are scheduled with {@link FxEventLoop#callSoon}
 * and a timer that re-arms itself every {@code tick-ms} (default 5 ms) is started; until the flood has
 * drained, each tick records how late it ran against the loop's clock ({@code loop.time() - when()}). The
 * loop runs the flood in slices of {@link FxEventLoop#sliceBudget()}; its ordering rule (the due timers
 * begin the slice after one that ran out of budget) bounds a tick's lateness by about one slice, where
 * asyncio's order would make the first tick wait for the whole flood.
 *
 * <p>Options: {@code --n 1000000 --work-ns 1000 --tick-ms 5 --runs 3 --warmup 1} and those of {@link FxBenchRun}. Prints
 * one JSON line: the slice budget, the median over runs of the ticks' median and p99 (nearest rank)
 * lateness in ms, the worst max, the p99 in slice budgets, the median drain time, and the per-run figures.
 */
public final class FxFloodTimerMain {
    private FxFloodTimerMain() {
    }

    /**
     * Runs the measurement and exits the JVM.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        FxBenchRun.main("fx5", args, FxFloodTimerMain::measure);
    }

    private static void measure(FxEventLoop loop, Options o, Map<String, Object> out) throws Exception {
        int n = o.intValue("n", 1_000_000);
        int workNs = o.intValue("work-ns", 1000);
        int tickMs = o.intValue("tick-ms", 5);
        int runs = o.intValue("runs", 3);
        int warmup = o.intValue("warmup", 1);
        double budgetMs = FxBenchRun.onFx(() -> loop.sliceBudget().toNanos() / 1e6);
        List<Map<String, Object>> perRun = new ArrayList<>();
        for (int r = -warmup; r < runs; r++) {
            System.gc();
            Map<String, Object> run = floodWithTicks(loop, n, workNs, Duration.ofMillis(tickMs));
            if (r >= 0) perRun.add(run);
        }
        out.put("n", n);
        out.put("work_ns", workNs);
        out.put("tick_ms", tickMs);
        out.put("runs", runs);
        out.put("warmup", warmup);
        out.put("slice_budget_ms", budgetMs);
        for (String k : List.of("median_ms", "p99_ms", "drain_ms", "ticks")) {
            out.put(k, FxBenchRun.median(perRun.stream().map(m -> ((Number) m.get(k)).doubleValue()).toList()));
        }
        out.put("max_ms", perRun.stream().mapToDouble(m -> (Double) m.get("max_ms")).max().orElseThrow());
        out.put("early_count_total", perRun.stream().mapToLong(m -> (Long) m.get("early_count")).sum());
        out.put("p99_in_budgets", (Double) out.get("p99_ms") / budgetMs);
        out.put("per_run", perRun);
    }

    private static Map<String, Object> floodWithTicks(FxEventLoop loop, int n, int workNs, Duration tick)
            throws Exception {
        Runnable work = () -> {
            long until = System.nanoTime() + workNs;
            while (System.nanoTime() - until < 0) Thread.onSpinWait();
        };
        CompletableFuture<double[]> done = new CompletableFuture<>();
        long[] start = new long[1];
        Platform.runLater(() -> {
            List<Double> late = new ArrayList<>();
            boolean[] drained = {false};
            start[0] = System.nanoTime();
            for (int i = 1; i < n; i++) loop.callSoon(work);
            loop.callSoon(() -> drained[0] = true);
            Runnable[] onTick = new Runnable[1];
            TimerHandle[] armed = new TimerHandle[1];
            onTick[0] = () -> {
                late.add((loop.time() - armed[0].when()) / 1e6);
                if (drained[0]) {
                    done.complete(late.stream().mapToDouble(Double::doubleValue).toArray());
                } else {
                    armed[0] = loop.callLater(tick, onTick[0]);
                }
            };
            armed[0] = loop.callLater(tick, onTick[0]);
        });
        double[] late = FxBenchRun.await(done, n + " callbacks to drain under a ticking timer");
        long end = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>(Stats.lateness(late));
        m.put("ticks", late.length);
        m.put("drain_ms", (end - start[0]) / 1e6);
        return m;
    }
}
