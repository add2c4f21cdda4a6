package io.loopfx.bench.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs two ways of doing the same {@code n} callbacks (the loop's and one {@code runLater} each), alternating
 * within every run with the order swapped each run, after a GC, and reduces their samples to medians.
 */
final class SideBySide {
    /** One timed operation: returns {total ns, scheduling ns (or -1 if not separable)}. */
    interface Operation {
        long[] run() throws Exception;
    }

    private final int n;
    private final int runs;
    private final int warmup;
    private final List<Double> loopfxRate = new ArrayList<>();
    private final List<Double> runLaterRate = new ArrayList<>();
    private final List<Double> loopfxScheduleNs = new ArrayList<>();
    private final List<Double> runLaterScheduleNs = new ArrayList<>();

    SideBySide(int n, int runs, int warmup) {
        this.n = n;
        this.runs = runs;
        this.warmup = warmup;
    }

    void run(Operation loopfx, Operation runLater) throws Exception {
        for (int r = -warmup; r < runs; r++) {
            boolean loopfxFirst = (r & 1) == 0;
            for (int side = 0; side < 2; side++) {
                boolean isLoopfx = (side == 0) == loopfxFirst;
                System.gc();
                long[] t = (isLoopfx ? loopfx : runLater).run();
                if (r < 0) continue;
                (isLoopfx ? loopfxRate : runLaterRate).add(n / (t[0] / 1e9));
                if (t[1] >= 0) (isLoopfx ? loopfxScheduleNs : runLaterScheduleNs).add((double) t[1] / n);
            }
        }
    }

    void report(Map<String, Object> out) {
        double l = FxBenchRun.median(loopfxRate);
        double r = FxBenchRun.median(runLaterRate);
        out.put("n", n);
        out.put("runs", runs);
        out.put("warmup", warmup);
        out.put("unit", "callbacks/s");
        out.put("loopfx_per_s", l);
        out.put("runlater_per_s", r);
        out.put("ratio", l / r);
        if (!loopfxScheduleNs.isEmpty()) {
            out.put("loopfx_schedule_ns_per_call", FxBenchRun.median(loopfxScheduleNs));
            out.put("runlater_schedule_ns_per_call", FxBenchRun.median(runLaterScheduleNs));
        }
        out.put("loopfx_samples_per_s", loopfxRate);
        out.put("runlater_samples_per_s", runLaterRate);
    }
}
