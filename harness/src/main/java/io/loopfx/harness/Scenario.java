package io.loopfx.harness;

import java.util.Objects;

/**
 * One failure mode of nested event loops, as a small deterministic script: futures are completed in a
 * scripted order (callback chains, clicks, task steps), never by racing timers. {@link Catalogue#all()}
 * lists them; {@link ScenarioRunner} runs one against a {@link Bridge}.
 */
public final class Scenario {
    /** The script: started on the FX thread; it ends with {@code ctx.finish(value)} or {@code ctx.fail(error)}. */
    @FunctionalInterface
    interface Script {
        void start(ScenarioContext ctx) throws Exception;
    }

    private final String id;
    private final String title;
    private final String description;
    private final Expectation expected;
    private final boolean ownToolkit;
    private final Script script;

    Scenario(String id, String title, String description, Expectation expected, boolean ownToolkit, Script script) {
        this.id = Objects.requireNonNull(id);
        this.title = Objects.requireNonNull(title);
        this.description = Objects.requireNonNull(description);
        this.expected = Objects.requireNonNull(expected);
        this.ownToolkit = ownToolkit;
        this.script = Objects.requireNonNull(script);
    }

    /**
     * Returns the short id, e.g. {@code 3} or {@code 8b}.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns a one-line title.
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * Returns what the script does, in a few sentences.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Returns what loopfx must do.
     *
     * @return the expected outcome
     */
    public Expectation expected() {
        return expected;
    }

    /**
     * Returns true if the scenario starts and exits the JavaFX toolkit itself, so it can only run in a JVM of
     * its own ({@link ScenarioRunner#runInChildJvm}).
     *
     * @return whether it needs its own toolkit
     */
    public boolean needsOwnToolkit() {
        return ownToolkit;
    }

    Script script() {
        return script;
    }

    @Override
    public String toString() {
        return id + " " + title;
    }
}
