package io.loopfx.fx;

import java.time.Duration;
import java.util.Objects;

/**
 * A nested {@code runUntilComplete} (or {@code runForever}) of the FX loop that could not return when its
 * work was done, because a nested event loop inside it was still open: JavaFX returns from an outer nested
 * loop only after every inner one has returned. Reported to {@link FxEventLoop#setHoldUpListener}.
 *
 * @param frame   the call that was held up, e.g. {@code runUntilComplete(Task[save, ...])}
 * @param heldBy  the call directly inside it that held it up, or a description of a foreign nested loop
 *                (a modal dialog's {@code showAndWait}, say)
 * @param heldFor how long it waited between its work being done and its return
 */
public record NestedLoopHoldUp(String frame, String heldBy, Duration heldFor) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if heldFor is negative
     */
    public NestedLoopHoldUp {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(heldBy, "heldBy");
        Objects.requireNonNull(heldFor, "heldFor");
        if (heldFor.isNegative()) throw new IllegalArgumentException("heldFor must not be negative: " + heldFor);
    }
}
