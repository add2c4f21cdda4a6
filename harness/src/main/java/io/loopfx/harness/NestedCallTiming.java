package io.loopfx.harness;

import java.io.Serializable;
import java.time.Duration;

/**
 * How long one nested {@code runUntilComplete} call of a scenario was held up: the time between its future
 * being done and the call returning (JavaFX returns from an outer nested loop only after the inner ones).
 *
 * @param call    the call's label in the scenario
 * @param heldFor from the future's completion to the call's return
 */
public record NestedCallTiming(String call, Duration heldFor) implements Serializable {
}
