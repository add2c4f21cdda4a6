package io.loopfx.bench.fx;

import io.loopfx.bench.Options;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * FX workload fx4 (issue 4): does the window stay live while the loop is busy? {@code n} no-op callbacks
 * (default 1,000,000) are scheduled with {@link FxEventLoop#callSoon} in one go from one FX-thread callback
 * while the stage's square spins and a {@link PulseRecorder} stamps every pulse; the longest gap between
 * pulses is taken over the drain.
 *
 * <p>Per run it reports: {@code schedule_ms} (the scheduling callback itself, user code that blocks the FX
 * thread whatever the loop does), {@code drain_ms} (first call to last callback), {@code max_gap_ms} (the
 * longest stretch without a pulse from the end of scheduling to the first pulse after the last callback:
 * what the loop's slices cost the window), {@code max_gap_with_scheduling_ms} (the same from the last pulse
 * before scheduling began), {@code frames} during the drain and {@code idle_max_gap_ms} (the longest gap in
 * a quiet second before the run: the machine's own jitter).
 *
 * <p>Options: {@code --n 1000000 --runs 3 --warmup 1} and those of {@link FxBenchRun}. Prints one JSON line
 * with the worst gaps over the runs, the median drain time and the per-run figures.
 */
public final class FxPulseGapMain {
    private static final long SETTLE_NANOS = 1_000_000_000L;

    private FxPulseGapMain() {
    }

    /**
     * Runs the measurement and exits the JVM.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        FxBenchRun.main("fx4", args, FxPulseGapMain::measure);
    }

    private static void measure(FxEventLoop loop, Options o, Map<String, Object> out) throws Exception {
        int n = o.intValue("n", 1_000_000);
        int runs = o.intValue("runs", 3);
        int warmup = o.intValue("warmup", 1);
        List<Map<String, Object>> perRun = new ArrayList<>();
        for (int r = -warmup; r < runs; r++) {
            System.gc();
            Map<String, Object> run = drain(loop, n);
            if (r >= 0) perRun.add(run);
        }
        out.put("n", n);
        out.put("runs", runs);
        out.put("warmup", warmup);
        for (String k : List.of("max_gap_ms", "max_gap_with_scheduling_ms", "idle_max_gap_ms")) {
            out.put(k, perRun.stream().mapToDouble(m -> (Double) m.get(k)).max().orElseThrow());
        }
        for (String k : List.of("drain_ms", "schedule_ms")) {
            out.put(k, FxBenchRun.median(perRun.stream().map(m -> (Double) m.get(k)).toList()));
        }
        out.put("per_run", perRun);
    }

    private static Map<String, Object> drain(FxEventLoop loop, int n) throws Exception {
        int idleFrom = FxBenchRun.onFx(() -> FxBenchRun.pulses().count());
        long idleStart = System.nanoTime();
        Thread.sleep(SETTLE_NANOS / 1_000_000);
        long idleEnd = System.nanoTime();

        CompletableFuture<long[]> done = new CompletableFuture<>();
        long[] t = new long[2]; // start, end of scheduling
        Platform.runLater(() -> {
            t[0] = System.nanoTime();
            for (int i = 1; i < n; i++) loop.callSoon(FxBenchRun.NOOP);
            loop.callSoon(() -> done.complete(new long[] {t[0], t[1], System.nanoTime()}));
            t[1] = System.nanoTime();
        });
        long[] marks = FxBenchRun.await(done, n + " callbacks to drain");
        long start = marks[0];
        long scheduled = marks[1];
        long end = marks[2];
        long[] frames = framesAfter(idleFrom, end);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schedule_ms", (scheduled - start) / 1e6);
        m.put("drain_ms", (end - start) / 1e6);
        m.put("max_gap_ms", PulseGaps.maxGap(frames, scheduled, end) / 1e6);
        long pulseBeforeStart = PulseGaps.lastAtOrBefore(frames, start);
        m.put("max_gap_with_scheduling_ms", PulseGaps.maxGap(frames, pulseBeforeStart, end) / 1e6);
        m.put("frames", PulseGaps.countWithin(frames, start, end));
        m.put("idle_max_gap_ms", PulseGaps.maxGapWithin(frames, idleStart, idleEnd) / 1e6);
        return m;
    }

    /** Returns the pulses recorded since index {@code from}, waiting until one has come after {@code end}. */
    private static long[] framesAfter(int from, long end) throws Exception {
        while (true) {
            long[] f = FxBenchRun.onFx(() -> FxBenchRun.pulses().since(from));
            if (f.length > 0 && f[f.length - 1] > end) return f;
            if (FxBenchRun.onFx(() -> FxBenchRun.pulses().isFull())) {
                throw new IllegalStateException("the pulse recorder is full; run fewer or shorter runs");
            }
            Thread.sleep(5);
        }
    }
}
