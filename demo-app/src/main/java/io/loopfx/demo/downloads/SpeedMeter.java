package io.loopfx.demo.downloads;

import java.util.Optional;

/** Turns byte counts into a speed shown about twice a second (a per-chunk figure would flicker). */
final class SpeedMeter {
    private static final long WINDOW_NANOS = 500_000_000L;
    private long windowStart;
    private long bytesInWindow;

    SpeedMeter(long nowNanos) {
        windowStart = nowNanos;
    }

    /** Adds {@code bytes}; returns the speed text when a window is complete. */
    Optional<String> add(long bytes, long nowNanos) {
        bytesInWindow += bytes;
        long elapsed = nowNanos - windowStart;
        if (elapsed < WINDOW_NANOS) return Optional.empty();
        double perSecond = bytesInWindow * 1e9 / elapsed;
        windowStart = nowNanos;
        bytesInWindow = 0;
        return Optional.of(RemoteFile.formatBytes(perSecond) + "/s");
    }
}
