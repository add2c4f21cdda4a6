package io.loopfx.harness;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What loopfx must do in a scenario: complete with a value, or fail with an error whose message contains
 * given words (the problem and the alternative).
 *
 * @param outcome  {@link ScenarioOutcome#COMPLETED} or {@link ScenarioOutcome#CLEAR_ERROR}
 * @param value    the expected value's text, for {@code COMPLETED}
 * @param mustName words the error message must contain (any case), for {@code CLEAR_ERROR}
 */
public record Expectation(ScenarioOutcome outcome, String value, List<String> mustName) {
    /**
     * Checks the parts.
     *
     * @param outcome  the expected outcome class
     * @param value    the expected value, or null
     * @param mustName the words a clear error names
     */
    public Expectation {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != ScenarioOutcome.COMPLETED && outcome != ScenarioOutcome.CLEAR_ERROR) {
            throw new IllegalArgumentException("loopfx may only be expected to complete or to fail clearly: " + outcome);
        }
        mustName = List.copyOf(mustName);
    }

    /**
     * Expects completion with {@code value}.
     *
     * @param value the value's text
     * @return the expectation
     */
    public static Expectation completed(String value) {
        return new Expectation(ScenarioOutcome.COMPLETED, value, List.of());
    }

    /**
     * Expects an error naming all of {@code words}.
     *
     * @param words what the message must contain, any case
     * @return the expectation
     */
    public static Expectation clearError(String... words) {
        return new Expectation(ScenarioOutcome.CLEAR_ERROR, null, List.of(words));
    }

    /** Returns true if {@code message} names every word this expectation asks for. */
    boolean named(String message) {
        if (message == null) return false;
        String m = message.toLowerCase(Locale.ROOT);
        return mustName.stream().allMatch(w -> m.contains(w.toLowerCase(Locale.ROOT)));
    }

    /**
     * Returns a short description for tables, e.g. {@code completed "b,a"} or {@code clear error (await, task)}.
     *
     * @return the description
     */
    public String describe() {
        return outcome == ScenarioOutcome.COMPLETED ? "completed \"" + value + "\""
                : "clear error naming " + String.join(" + ", mustName);
    }
}
