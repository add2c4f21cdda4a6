package io.loopfx.core.reliability;

import io.loopfx.core.reliability.BadInputTable.Accepts;
import io.loopfx.core.reliability.BadInputTable.Row;
import io.loopfx.core.reliability.BadInputTable.Throws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bad-input table: every row of {@link BadInputRows} (a public method of loop-core, one bad input, what the call
 * does) is run and must do exactly what the row says; the API list must be covered completely (every method has a row,
 * a reason why it has no bad input, or a rule that covers it); and the table committed in {@code docs/reliability.md}
 * must equal the one generated from the rows, which is also written to {@code target/bad-input.md}.
 *
 * <p>After changing a row: {@code mvn -pl loop-core test -Dtest=BadInputTest -Dloopfx.badInput.updateDocs=true}
 * rewrites the table in docs/reliability.md; commit it with the change.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a row that hangs fails instead
class BadInputTest {
    static final String REGENERATE = "mvn -pl loop-core test -Dtest=BadInputTest -Dloopfx.badInput.updateDocs=true";

    static List<Row> rows() {
        return BadInputRows.all();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("rows")
    void eachRowDoesWhatTheTableSays(Row row) {
        Throwable thrown = null;
        try {
            row.call().run();
        } catch (Throwable t) {
            thrown = t;
        }
        if (row.expected() instanceof Accepts accepts) {
            if (thrown instanceof AssertionFailedError afe) throw afe;
            if (thrown != null) throw new AssertionFailedError(row + ": expected it to be accepted (" + accepts.what() + "), but it threw", thrown);
            return;
        }
        Throws expected = (Throws) row.expected();
        if (thrown == null) fail(row + ": expected " + expected.type().getSimpleName() + ", but the call was accepted");
        if (thrown instanceof AssertionFailedError afe && expected.type() != AssertionFailedError.class) throw afe;
        if (thrown.getClass() != expected.type()) {
            throw new AssertionFailedError(row + ": expected " + expected.type().getName() + ", got " + thrown, thrown);
        }
        String message = String.valueOf(thrown.getMessage());
        if (expected.exact() ? !message.equals(expected.fragment()) : !message.contains(expected.fragment())) {
            throw new AssertionFailedError(row + ": the message should " + (expected.exact() ? "be" : "contain") + " '"
                    + expected.fragment() + "', but it is '" + message + "'", thrown);
        }
    }

    @Test
    void everyPublicMethodHasRowsOrAReasonWhyNot() throws IOException {
        ApiSurface api = ApiSurface.load();
        Set<String> keys = new LinkedHashSet<>(api.keys);
        Set<String> withRows = new LinkedHashSet<>();
        for (Row r : rows()) withRows.add(r.api());
        Set<String> exempt = new LinkedHashSet<>();
        BadInputRows.exempt().values().forEach(exempt::addAll);

        List<String> unknown = new ArrayList<>();
        for (String k : withRows) if (!keys.contains(k)) unknown.add("row: " + k);
        for (String k : exempt) if (!keys.contains(k)) unknown.add("exempt: " + k);
        assertTrue(unknown.isEmpty(), "rows or exemptions name methods that are not in api/loop-core.txt: " + unknown);
        Set<String> both = new HashSet<>(withRows);
        both.retainAll(exempt);
        assertTrue(both.isEmpty(), "methods both with rows and exempt: " + both);

        Set<String> uncovered = new TreeSet<>();
        for (String k : keys) {
            if (withRows.contains(k) || exempt.contains(k) || coveredByRule(k, keys, api)) continue;
            uncovered.add(k);
        }
        assertEquals(Set.of(), uncovered, "public methods without a row, an exemption or a rule (BadInputRows)");
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

    @Test
    void theTableInTheDocsIsTheOneTheRowsGenerate() throws IOException {
        String table = BadInputTable.markdown(rows(), BadInputRows.exempt(), BadInputRows.rules());
        Path root = ApiSurface.repoRoot();
        Path target = root.resolve("loop-core/target/bad-input.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, table);

        Path docs = root.resolve("docs/reliability.md");
        String text = Files.readString(docs);
        int begin = text.indexOf(BadInputTable.BEGIN);
        int end = text.indexOf(BadInputTable.END);
        if (begin < 0 || end < begin) fail(docs + " has no generated bad-input table (markers '" + BadInputTable.BEGIN
                + "' ... '" + BadInputTable.END + "'); add the markers and run: " + REGENERATE);
        String committed = text.substring(begin, end + BadInputTable.END.length()) + "\n";
        if (committed.equals(table)) return;
        if (Boolean.getBoolean("loopfx.badInput.updateDocs")) {
            Files.writeString(docs, text.substring(0, begin) + table + text.substring(end + BadInputTable.END.length() + 1));
            return;
        }
        fail("The bad-input table in docs/reliability.md differs from the one the rows of BadInputRows generate ("
                + target + "). Regenerate it with\n    " + REGENERATE + "\nand commit docs/reliability.md. First difference: "
                + firstDifference(committed, table));
    }

    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n", -1), y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String l = i < x.length ? x[i] : "<none>", r = i < y.length ? y[i] : "<none>";
            if (!l.equals(r)) return "line " + (i + 1) + ":\n  docs:      " + l + "\n  generated: " + r;
        }
        return "none";
    }
}
