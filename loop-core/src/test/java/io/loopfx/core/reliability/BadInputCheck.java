package io.loopfx.core.reliability;

import io.loopfx.core.reliability.BadInputTable.Accepts;
import io.loopfx.core.reliability.BadInputTable.Row;
import io.loopfx.core.reliability.BadInputTable.Throws;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The checks of a bad-input table, for one module's API: each row does what it says ({@link #check(Row)}), every
 * public method has rows, an exemption or a rule ({@link #checkCoverage}), and the table committed in the docs is
 * the one the rows generate ({@link #checkDocs}). loop-core's {@link BadInputTest} and the JavaFX bridge's
 * {@code FxBadInputTest} each make one.
 *
 * @param apiFile    the API file, relative to the repository's root ({@code api/loop-core.txt})
 * @param packages   the packages of the API file whose methods the table covers
 * @param rowsName   where the rows, exemptions and rules live, for messages ({@code BadInputRows})
 * @param begin      the table's first line in the docs
 * @param end        its last line
 * @param docsFile   the docs file, relative to the repository's root ({@code docs/reliability.md})
 * @param targetFile where the generated table is also written, relative to the repository's root
 * @param regenerate the command that rewrites the table in the docs
 * @param inherited  whether a row's method that is not in the API file is one a type of this module inherits from
 *                   another module and adds bad inputs to (the FX loop's {@code EventLoop} methods: a pulse, the
 *                   nesting cap); such rows are allowed
 */
public record BadInputCheck(String apiFile, List<String> packages, String rowsName, String begin, String end,
                            String docsFile, String targetFile, String regenerate, Predicate<String> inherited) {
    /** The system property that makes {@link #checkDocs} rewrite the docs' table instead of failing. */
    public static final String UPDATE_DOCS = "loopfx.badInput.updateDocs";

    public BadInputCheck {
        Objects.requireNonNull(apiFile);
        packages = List.copyOf(packages);
        Objects.requireNonNull(rowsName);
        Objects.requireNonNull(begin);
        Objects.requireNonNull(end);
        Objects.requireNonNull(docsFile);
        Objects.requireNonNull(targetFile);
        Objects.requireNonNull(regenerate);
        Objects.requireNonNull(inherited);
    }

    /** A check whose rows name only methods of the API file. */
    public BadInputCheck(String apiFile, List<String> packages, String rowsName, String begin, String end,
                         String docsFile, String targetFile, String regenerate) {
        this(apiFile, packages, rowsName, begin, end, docsFile, targetFile, regenerate, key -> false);
    }

    /** Decides whether a rule covers a method that has no row and no exemption. */
    @FunctionalInterface
    public interface Rule {
        /**
         * @param key  the method
         * @param keys every method of the API
         * @param api  the API, with its record accessors
         * @return whether a rule covers it
         */
        boolean covers(String key, Set<String> keys, ApiSurface api);
    }

    /**
     * Runs {@code row}'s call and fails unless it does exactly what the row says.
     *
     * @param row the row
     */
    public static void check(Row row) {
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

    /**
     * Fails unless every public method of the API has rows, an exemption or a rule, and every row and exemption
     * names a method of the API.
     *
     * @param rows   the rows
     * @param exempt reason -> methods without bad input
     * @param rule   the rules, as code
     * @throws IOException if the API file cannot be read
     */
    public void checkCoverage(List<Row> rows, Map<String, List<String>> exempt, Rule rule) throws IOException {
        ApiSurface api = ApiSurface.load(apiFile, packages);
        Set<String> keys = new LinkedHashSet<>(api.keys);
        Set<String> withRows = new LinkedHashSet<>();
        for (Row r : rows) withRows.add(r.api());
        Set<String> exempted = new LinkedHashSet<>();
        exempt.values().forEach(exempted::addAll);

        List<String> unknown = new ArrayList<>();
        for (String k : withRows) if (!keys.contains(k) && !inherited.test(k)) unknown.add("row: " + k);
        for (String k : exempted) if (!keys.contains(k)) unknown.add("exempt: " + k);
        assertTrue(unknown.isEmpty(), "rows or exemptions name methods that are not in " + apiFile + ": " + unknown);
        Set<String> both = new HashSet<>(withRows);
        both.retainAll(exempted);
        assertTrue(both.isEmpty(), "methods both with rows and exempt: " + both);

        Set<String> uncovered = new TreeSet<>();
        for (String k : keys) {
            if (withRows.contains(k) || exempted.contains(k) || rule.covers(k, keys, api)) continue;
            uncovered.add(k);
        }
        assertEquals(Set.of(), uncovered, "public methods without a row, an exemption or a rule (" + rowsName + ")");
    }

    /**
     * Fails unless the table between {@link #begin} and {@link #end} in the docs is the one the rows generate, which
     * is also written to {@link #targetFile}; with {@code -Dloopfx.badInput.updateDocs=true} it rewrites the docs'
     * table instead.
     *
     * @param rows   the rows, in order
     * @param exempt reason -> methods without bad input
     * @param rules  the rules, one sentence each
     * @throws IOException if a file cannot be read or written
     */
    public void checkDocs(List<Row> rows, Map<String, List<String>> exempt, List<String> rules) throws IOException {
        String table = BadInputTable.markdown(begin, end, rows, exempt, rules);
        Path root = ApiSurface.repoRoot();
        Path target = root.resolve(targetFile);
        Files.createDirectories(target.getParent());
        Files.writeString(target, table);

        Path docs = root.resolve(docsFile);
        String text = Files.readString(docs);
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) fail(docs + " has no generated bad-input table (markers '" + begin
                + "' ... '" + end + "'); add the markers and run: " + regenerate);
        String committed = text.substring(b, e + end.length()) + "\n";
        if (committed.equals(table)) return;
        if (Boolean.getBoolean(UPDATE_DOCS)) {
            Files.writeString(docs, text.substring(0, b) + table + text.substring(e + end.length() + 1));
            return;
        }
        fail("The bad-input table in " + docsFile + " differs from the one the rows of " + rowsName + " generate ("
                + target + "). Regenerate it with\n    " + regenerate + "\nand commit " + docsFile + ". First difference: "
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
