package io.loopfx.bench.fx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several ways of doing the same {@code n} callbacks (the loop's, one {@code runLater} each, a peer's),
 * one after the other within every run, after a GC each, the order rotated each run (for two ways: swapped), and
 * reduces their samples to medians.
 */
final class SideBySide {
    /** One timed operation: returns {total ns, scheduling ns (or -1 if not separable)}. */
    interface Operation {
        long[] run() throws Exception;
    }

    /** The figures of one way. */
    private static final class Side {
        final Operation operation;
        final List<Double> rate = new ArrayList<>();
        final List<Double> scheduleNs = new ArrayList<>();

        Side(Operation operation) {
            this.operation = operation;
        }
    }

    private final int n;
    private final int runs;
    private final int warmup;
    private final Map<String, Side> sides = new LinkedHashMap<>();

    SideBySide(int n, int runs, int warmup) {
        this.n = n;
        this.runs = runs;
        this.warmup = warmup;
    }

    /** Measures the loop against one {@code runLater} per callback (keys {@code loopfx} and {@code runlater}). */
    void run(Operation loopfx, Operation runLater) throws Exception {
        add("loopfx", loopfx);
        add("runlater", runLater);
        run();
    }

    /** Adds a way to measure, named {@code name} in the figures; the first one added is the loop's. */
    SideBySide add(String name, Operation operation) {
        sides.put(name, new Side(operation));
        return this;
    }

    /** Measures the ways added. */
    void run() throws Exception {
        List<Side> order = new ArrayList<>(sides.values());
        for (int r = -warmup; r < runs; r++) {
            int first = Math.floorMod(r, order.size());
            for (int k = 0; k < order.size(); k++) {
                Side side = order.get((first + k) % order.size());
                System.gc();
                long[] t = side.operation.run();
                if (r < 0) continue;
                side.rate.add(n / (t[0] / 1e9));
                if (t[1] >= 0) side.scheduleNs.add((double) t[1] / n);
            }
        }
    }

    /**
     * Puts {@code <name>_per_s} (medians), the first way's ratio to each other ({@code ratio} when there are two,
     * else {@code ratio_vs_<name>}), the scheduling cost per call where separable, and the samples into out.
     */
    void report(Map<String, Object> out) {
        out.put("n", n);
        out.put("runs", runs);
        out.put("warmup", warmup);
        out.put("unit", "callbacks/s");
        sides.forEach((name, side) -> out.put(name + "_per_s", FxBenchRun.median(side.rate)));
        String first = sides.keySet().iterator().next();
        double firstRate = FxBenchRun.median(sides.get(first).rate);
        sides.forEach((name, side) -> {
            if (name.equals(first)) return;
            out.put(sides.size() == 2 ? "ratio" : "ratio_vs_" + name, firstRate / FxBenchRun.median(side.rate));
        });
        sides.forEach((name, side) -> {
            if (!side.scheduleNs.isEmpty()) out.put(name + "_schedule_ns_per_call", FxBenchRun.median(side.scheduleNs));
        });
        sides.forEach((name, side) -> out.put(name + "_samples_per_s", side.rate));
    }
}
