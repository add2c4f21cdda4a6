package io.loopfx.fx.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Flight Recorder event: a nested call of the FX loop whose work was done but that could not return until the
 * nested event loop inside it returned (what {@code FxEventLoop.setHoldUpListener} hears). Not API.
 */
@Name("loopfx.NestedHoldUp")
@Label("Nested Call Held Up")
@Category("loopfx")
@Description("A nested runUntilComplete/runForever of the FX loop that waited, its work done, for a nested loop inside it")
@StackTrace(false)
public final class NestedHoldUpEvent extends Event {
    /** The call that was held up. */
    @Label("Call")
    public String call;
    /** What held it up. */
    @Label("Held By")
    public String heldBy;
    /** How long. */
    @Label("Held For")
    @Timespan(Timespan.NANOSECONDS)
    public long heldFor;
    /** The number of calls of the FX loop open when it returned, itself included. */
    @Label("Depth")
    public int depth;

    /** An event to fill and commit. */
    public NestedHoldUpEvent() {
    }
}
