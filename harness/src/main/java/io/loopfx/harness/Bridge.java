package io.loopfx.harness;

import io.loopfx.core.EventLoop;
import io.loopfx.fx.FxEventLoop;

/** The two event loops the harness runs every scenario against. */
public enum Bridge {
    /**
     * The smallest Quamash-style bridge, written for the harness only: {@code runUntilComplete} is a raw nested
     * event loop, {@code stop()} leaves the innermost one, timers fire in the pulse, nothing refuses unsafe calls
     * and nothing happens at shutdown. It exists to reproduce the failure modes.
     */
    NAIVE,
    /** loopfx's {@link FxEventLoop}. */
    LOOPFX;

    /** FX thread: the loop a scenario runs on (a new naive loop per run; loopfx's one FX loop). */
    EventLoop newLoop() {
        return this == NAIVE ? NaiveFxLoop.create() : FxEventLoop.get();
    }

    /**
     * Returns the name used on the command line and in reports.
     *
     * @return {@code naive} or {@code loopfx}
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@link #label()}.
     *
     * @param label {@code naive} or {@code loopfx}, any case
     * @return the bridge
     * @throws IllegalArgumentException for any other text
     */
    public static Bridge of(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
