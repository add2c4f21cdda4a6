package io.loopfx.core.internal;

import io.loopfx.core.spi.LoopClock;

/**
 * A clock for deterministic tests: it starts at zero and stands still while the loop works; when the loop is
 * idle, it jumps straight to the next timer instead of letting time pass.
 */
public final class VirtualClock implements LoopClock {
    private volatile long now;

    /** Creates a clock at zero. */
    public VirtualClock() {
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean skipTo(long deadline) {
        if (deadline > now) now = deadline;
        return true;
    }
}
