package io.loopfx.bench.fx;

/** Gaps between pulses, from pulse timestamps in ascending {@link System#nanoTime()} order. */
final class PulseGaps {
    private PulseGaps() {
    }

    /**
     * The longest time without a pulse from {@code from} on: between {@code from} and the first pulse after
     * it, between consecutive pulses, and up to the first pulse after {@code to} (that pulse was held up by
     * what ran before {@code to}).
     */
    static long maxGap(long[] frames, long from, long to) {
        long longest = 0;
        long previous = from;
        for (long f : frames) {
            if (f <= from) continue;
            longest = Math.max(longest, f - previous);
            previous = f;
            if (f > to) break;
        }
        return longest;
    }

    /** The longest time without a pulse inside [from, to] (idle baseline: what comes after is not its doing). */
    static long maxGapWithin(long[] frames, long from, long to) {
        long longest = 0;
        long previous = from;
        for (long f : frames) {
            if (f <= from) continue;
            longest = Math.max(longest, Math.min(f, to) - previous);
            if (f >= to) break;
            previous = f;
        }
        return Math.max(longest, to - previous);
    }

    /** The last pulse at or before {@code t}, or {@code t} itself if none was recorded. */
    static long lastAtOrBefore(long[] frames, long t) {
        long last = t;
        for (long f : frames) {
            if (f > t) break;
            last = f;
        }
        return last;
    }

    /** The number of pulses in (from, to]. */
    static int countWithin(long[] frames, long from, long to) {
        int c = 0;
        for (long f : frames) if (f > from && f <= to) c++;
        return c;
    }
}
