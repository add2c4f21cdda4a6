package io.loopfx.core.reliability;

import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

/**
 * The bad-input table: every row of {@link BadInputRows} (a public method of loop-core, one bad input, what the call
 * does) is run and must do exactly what the row says; the API list must be covered completely (every method has a row,
 * a reason why it has no bad input, or a rule that covers it); and the table committed in {@code docs/reliability.md}
 * must equal the one generated from the rows, which is also written to {@code target/bad-input.md}. The tests are
 * {@link BadInputTestBase}'s.
 *
 * <p>After changing a row: {@code mvn -pl loop-core test -Dtest=BadInputTest -Dloopfx.badInput.updateDocs=true}
 * rewrites the table in docs/reliability.md; commit it with the change.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a row that hangs fails instead
class BadInputTest extends BadInputTestBase {
    static final String REGENERATE = "mvn -pl loop-core test -Dtest=BadInputTest -Dloopfx.badInput.updateDocs=true";
    static final BadInputCheck CHECK = new BadInputCheck("api/loop-core.txt", List.of("io.loopfx.core", "io.loopfx.core.sync", "io.loopfx.core.process", "io.loopfx.core.spi"),
            "BadInputRows", BadInputTable.BEGIN, BadInputTable.END, "docs/reliability.md", "loop-core/target/bad-input.md",
            REGENERATE);

    BadInputTest() {
        super(CHECK, BadInputRows::all, BadInputRows.exempt(), BadInputRows.rules(), BadInputTest::coveredByRule);
    }

    /** The rules of {@link BadInputRows#rules()}, as code. */
    private static boolean coveredByRule(String key, Set<String> keys, ApiSurface api) {
        if (key.endsWith(".toString()") || key.endsWith(".hashCode()") || key.endsWith(".equals(Object)")) return true;
        if (api.recordAccessors.contains(key)) return true;
        if (key.startsWith("HostedEventLoop.") && keys.contains("EventLoop." + key.substring("HostedEventLoop.".length()))) return true;
        if (key.equals("Task.cancel(String)")) return true;
        if (key.startsWith("Outcome.Success.") || key.equals("Outcome.Failure.isSuccess()")) return true;
        return key.equals("Outcome.getOrThrow()");
    }
}
