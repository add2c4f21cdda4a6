package io.loopfx.docs;

import io.loopfx.docs.MarkdownSnippets.Snippet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every ```java block of {@code README.md} and {@code docs/*.md} is compiled against the project and run, and
 * what it prints is compared with its ```text output block, if any: the documentation cannot drift from the
 * code. Each snippet is one test, named {@code file:line}. The rules are in {@link MarkdownSnippets} and
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
        }
        assertFalse(tests.isEmpty(), "no java snippets found under " + root + "; README.md has one");
        return tests;
    }
}
