package io.loopfx.harness;

/** What happened when a scenario ran: the classes the harness sorts every run into. */
public enum ScenarioOutcome {
    /** It completed with the expected value. */
    COMPLETED,
    /** It failed with an error that names the problem and the alternative (the scenario says which words). */
    CLEAR_ERROR,
    /** It completed, but with another value than the expected one. */
    WRONG_RESULT,
    /** It failed with an error that does not name the problem and the alternative. */
    UNCLEAR_ERROR,
    /** No result within the watchdog's time, while the FX thread and the loop still ran. */
    HUNG,
    /** It ended, but a task it started never ran its {@code finally} block (orphaned or destroyed). */
    TASK_LOST,
    /** The loop no longer runs callbacks, or the FX thread no longer runs at all (blocked or deadlocked). */
    LOOP_DEAD
}
