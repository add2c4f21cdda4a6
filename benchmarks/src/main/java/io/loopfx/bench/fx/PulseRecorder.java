package io.loopfx.bench.fx;

import javafx.animation.AnimationTimer;

import java.util.Arrays;

/**
 * Records when each pulse runs: an {@link AnimationTimer} (which also keeps pulses coming) storing
 * {@link System#nanoTime()} at every frame, the clock the loop and the benchmarks use. FX thread only; once
 * full it stops recording.
 */
final class PulseRecorder extends AnimationTimer {
    private final long[] stamps;
    private int count;

    PulseRecorder(int capacity) {
        stamps = new long[capacity];
    }

    @Override
    public void handle(long now) {
        if (count < stamps.length) stamps[count++] = System.nanoTime();
    }

    /** Returns how many frames were recorded. */
    int count() {
        return count;
    }

    /** Returns the stamps recorded from index {@code from} on. */
    long[] since(int from) {
        return Arrays.copyOfRange(stamps, from, count);
    }

    /** Returns true if it ran out of room, so later frames were not recorded. */
    boolean isFull() {
        return count == stamps.length;
    }
}
