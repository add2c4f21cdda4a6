package io.loopfx.core.reliability;

import io.loopfx.core.reliability.BadInputTable.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The three tests of a bad-input table, for a subclass that passes its {@link BadInputCheck}, rows, exemptions and
 * rules: every row does what it says, every public method is covered, and the docs hold the generated table.
 * loop-core's {@link BadInputTest} and the JavaFX bridge's {@code FxBadInputTest} extend it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the rows come from this instance
public abstract class BadInputTestBase {
    private final BadInputCheck check;
    private final Supplier<List<Row>> rows;
    private final Map<String, List<String>> exempt;
    private final List<String> rules;
    private final BadInputCheck.Rule rule;

    /**
     * @param check  the module's API file, markers, docs path and regenerate command
     * @param rows   makes the rows, in table order
     * @param exempt reason -> methods that have no bad input for that reason
     * @param rules  how the rest of the API is covered, one sentence each
     * @param rule   the rules, as code
     */
    protected BadInputTestBase(BadInputCheck check, Supplier<List<Row>> rows, Map<String, List<String>> exempt,
                               List<String> rules, BadInputCheck.Rule rule) {
        this.check = check;
        this.rows = rows;
        this.exempt = exempt;
        this.rules = rules;
        this.rule = rule;
    }

    /** @return the rows, made afresh */
    public final List<Row> rows() {
        return rows.get();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("rows")
    public void eachRowDoesWhatTheTableSays(Row row) {
        BadInputCheck.check(row);
    }

    @Test
    public void everyPublicMethodHasRowsOrAReasonWhyNot() throws IOException {
        check.checkCoverage(rows(), exempt, rule);
    }

    @Test
    public void theTableInTheDocsIsTheOneTheRowsGenerate() throws IOException {
        check.checkDocs(rows(), exempt, rules);
    }
}
