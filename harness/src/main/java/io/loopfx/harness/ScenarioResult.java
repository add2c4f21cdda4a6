package io.loopfx.harness;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What one run of one scenario against one bridge did.
 *
 * @param scenarioId      the scenario's id
 * @param bridge          the bridge it ran against
 * @param outcome         the outcome class
 * @param message         the value, the error's class and message, or what the watchdog saw
 * @param timings         how long each nested call was held up after its future was done
 * @param events          a short event log, each line prefixed with the milliseconds since the start
 * @param duration        from the start to the outcome (the watchdog's time for a hang)
 * @param toolkitReusable false if the run left the FX toolkit unusable (a wedged FX thread, a nested loop
 *                        that could not be left): later scenarios must then run in a new JVM
 * @param strayErrors     exceptions that reached an uncaught-exception handler and reports that reached the loop's
 *                        default exception handler (SEVERE records of the "io.loopfx" loggers) while the scenario
 *                        ran, one line each; for loopfx any of them fails the harness
 */
public record ScenarioResult(String scenarioId, Bridge bridge, ScenarioOutcome outcome, String message,
                             List<NestedCallTiming> timings, List<String> events, Duration duration,
                             boolean toolkitReusable, List<String> strayErrors) implements Serializable {
    /**
     * Copies the lists.
     *
     * @param scenarioId      the scenario's id
     * @param bridge          the bridge
     * @param outcome         the outcome class
     * @param message         the value or error text
     * @param timings         the hold-up timings
     * @param events          the event log
     * @param duration        the duration
     * @param toolkitReusable whether the toolkit can run more scenarios
     * @param strayErrors     the errors that reached a handler
     */
    public ScenarioResult {
        timings = List.copyOf(timings);
        events = List.copyOf(events);
        strayErrors = List.copyOf(strayErrors);
    }

    /**
     * Returns true if the outcome is the one {@code expected} names (for an error: with the words it asks for).
     *
     * @param expected the expectation
     * @return whether this run met it
     */
    public boolean meets(Expectation expected) {
        return outcome == expected.outcome();
    }
}
