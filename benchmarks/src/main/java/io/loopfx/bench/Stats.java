package io.loopfx.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Order statistics of the measurement mains, computed the way asyncio_bench.py computes them. */
public final class Stats {
    private Stats() {
    }

    /**
     * Returns the median of {@code values} (the mean of the two middle ones for an even count).
     *
     * @param values the sample; not changed
     * @return its median
     * @throws IllegalArgumentException if it is empty
     */
    public static double median(double[] values) {
        double[] s = sorted(values);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Summarises timer lateness in milliseconds like workload f of asyncio_bench.py: median, p99 (nearest
     * rank), min, max and the count of early (negative) values.
     *
     * @param lateMs the lateness of each timer in ms; not changed
     * @return {@code median_ms}, {@code p99_ms}, {@code min_ms}, {@code max_ms}, {@code early_count}
     * @throws IllegalArgumentException if it is empty
     */
    public static Map<String, Object> lateness(double[] lateMs) {
        double[] s = sorted(lateMs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median_ms", median(s));
        m.put("p99_ms", s[(int) Math.ceil(0.99 * s.length) - 1]);
        m.put("min_ms", s[0]);
        m.put("max_ms", s[s.length - 1]);
        m.put("early_count", Arrays.stream(s).filter(x -> x < 0).count());
        return m;
    }

    private static double[] sorted(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("an empty sample has no order statistics");
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }
}
