package io.loopfx.docs;

import io.loopfx.docs.MarkdownSnippets.Snippet;
import io.loopfx.docs.MarkdownSnippets.TableStatement;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every ```java block of {@code README.md} and {@code docs/*.md} is compiled against the project and run, and
 * what it prints is compared with its ```text output block, if any: the documentation cannot drift from the
 * code. Each snippet is one test, named {@code file:line}. A statement quoted in a table cell must appear in one
 * of the page's java blocks (test {@code file:line (table)}). The rules are in {@link MarkdownSnippets} and
 * {@link SnippetRunner}.
 */
class DocSnippetsTest {
    /** Generous for a 2-core CI machine; snippets are meant to finish in well under a second. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TestFactory
    List<DynamicTest> everySnippetCompilesAndRuns() throws IOException {
        Path root = MarkdownSnippets.repositoryRoot(Path.of(System.getProperty("user.dir")));
        SnippetRunner runner = SnippetRunner.forTestClassPath(TIMEOUT);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : MarkdownSnippets.documents(root)) {
            String name = root.relativize(doc).toString().replace('\\', '/');
            List<Snippet> snippets;
            try {
                snippets = MarkdownSnippets.parse(name, Files.readString(doc));
            } catch (IllegalArgumentException malformed) {
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    throw new AssertionError(malformed.getMessage());
                }));
                continue;
            }
            for (Snippet s : snippets) tests.add(DynamicTest.dynamicTest(s.where(), () -> runner.check(s)));
            String compiled = snippets.stream().map(Snippet::code).collect(Collectors.joining("\n"));
            for (TableStatement t : MarkdownSnippets.tableStatements(name, Files.readString(doc))) {
                tests.add(DynamicTest.dynamicTest(t.where() + " (table)", () -> {
                    if (!compiled.contains(t.statement())) {
                        throw new AssertionError(t.where() + ": the table quotes `" + t.statement() + "`, which is in "
                                + "none of the page's java blocks; put it in one, verbatim, so the build compiles it");
                    }
                }));
            }
        }
        assertFalse(tests.isEmpty(), "no java snippets found under " + root + "; README.md has one");
        return tests;
    }
}
