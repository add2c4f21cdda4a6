package io.loopfx.docs;

import io.loopfx.docs.MarkdownSnippets.Snippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests of the snippet checker itself: that it finds the blocks and reports failures where they are. */
class SnippetCheckerTest {
    private final SnippetRunner runner = SnippetRunner.forTestClassPath(Duration.ofSeconds(20));

    private static Snippet only(String markdown) {
        List<Snippet> all = MarkdownSnippets.parse("guide.md", markdown);
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private AssertionError failure(String markdown) {
        Snippet s = only(markdown);
        return assertThrows(AssertionError.class, () -> runner.check(s));
    }

    @Test
    void findsJavaBlocksWithTheirLinesFlagsAndOutput() {
        String md = """
                # Title
                ```sh
                mvn verify
                ```
                ```java
                System.out.println("a");
                ```
                prints:
                ```text output
                a
                ```
                  ```java no-run
                  int x = 1;
                  ```
                """;
        List<Snippet> s = MarkdownSnippets.parse("guide.md", md);
        assertEquals(2, s.size());
        assertEquals("guide.md:5", s.get(0).where());
        assertTrue(s.get(0).run());
        assertEquals("a\n", s.get(0).expectedOutput());
        assertEquals("guide.md:12", s.get(1).where());
        assertEquals("int x = 1;\n", s.get(1).code(), "the fence's indentation is removed");
        assertTrue(!s.get(1).run());
        assertNull(s.get(1).expectedOutput());
    }

    @Test
    void aSnippetThatDoesNotCompileIsReportedAtItsDocumentLine() {
        AssertionError e = failure("""
                Intro.

                ```java
                var loop = EventLoop.create();
                int n = "not a number";
                ```
                """);
        assertTrue(e.getMessage().startsWith("guide.md:3: the snippet does not compile"), e.getMessage());
        assertTrue(e.getMessage().contains("guide.md:5: error: incompatible types"), e.getMessage());
    }

    @Test
    void aNoRunSnippetIsCompiledButNotRun() {
        runner.check(only("""
                ```java no-run
                throw new IllegalStateException("must not run");
                ```
                """));
        AssertionError e = failure("""
                ```java no-run
                undefinedCall();
                ```
                """);
        assertTrue(e.getMessage().contains("guide.md:2: error: cannot find symbol"), e.getMessage());
    }

    @Test
    void anExceptionIsReportedWithTheLineThatThrewAndWhatWasPrinted() {
        AssertionError e = failure("""
                ```java
                System.out.println("before");
                EventLoop.current();
                ```
                """);
        String m = e.getMessage();
        assertTrue(m.startsWith("guide.md:1: the snippet threw java.lang.IllegalStateException: No event loop"), m);
        assertTrue(m.contains("at guide.md:3"), m);
        assertTrue(m.contains("| before"), m);
    }

    @Test
    void wrappedSnippetsGetTheStandardImportsAndMayAddTheirOwn() {
        runner.check(only("""
                ```java
                import java.util.concurrent.atomic.AtomicInteger;

                AtomicInteger n = new AtomicInteger();
                String s = EventLoop.run(() -> {
                    Async.sleep(Duration.ofMillis(1));
                    return List.of("ok", n.incrementAndGet()).toString();
                });
                System.out.println(s);
                ```
                ```text output
                [ok, 1]
                ```
                """));
    }

    @Test
    void aCompilationUnitIsCompiledAsItIsAndItsMainRuns() {
        runner.check(only("""
                ```java
                import io.loopfx.core.EventLoop;

                public class Hello {
                    public static void main(String[] args) throws Exception {
                        System.out.println(EventLoop.run(() -> "hello"));
                    }
                }
                ```
                ```text output
                hello
                ```
                """));
    }

    @Test
    void outputThatDiffersFromTheOutputBlockIsReportedWithBoth() {
        AssertionError e = failure("""
                ```java
                System.out.println("actual");
                ```
                ```text output
                expected
                ```
                """);
        assertTrue(e.getMessage().contains("| actual"), e.getMessage());
        assertTrue(e.getMessage().contains("| expected"), e.getMessage());
    }

    @Test
    void aSnippetThatDoesNotEndInTimeIsReported() {
        SnippetRunner quick = SnippetRunner.forTestClassPath(Duration.ofMillis(200));
        Snippet s = only("""
                ```java
                new CountDownLatch(1).await();
                ```
                """);
        AssertionError e = assertThrows(AssertionError.class, () -> quick.check(s));
        assertTrue(e.getMessage().contains("did not finish within 200 ms"), e.getMessage());
    }

    @Test
    void typosInInfoStringsAndStrayOutputBlocksAreErrorsNotSilentSkips() {
        AssertionError typo = failure("""
                ```java norun
                int x = 1;
                ```
                """);
        assertTrue(typo.getMessage().contains("unknown word(s) [norun]"), typo.getMessage());
        AssertionError stray = failure("""
                Some text.
                ```text output
                42
                ```
                """);
        assertTrue(stray.getMessage().startsWith("guide.md:2: a ```text output block must directly follow"),
                stray.getMessage());
    }

    @Test
    void statementsQuotedInTablesAreFoundOutsideCodeBlocksOnly() {
        String md = """
                | how | example |
                |---|---|
                | `callSoon` | `loop.callSoon(r);` and `loop.stop();` |
                ```text
                | `inside.a(block);` |
                ```
                Not a table: `prose();`
                """;
        List<MarkdownSnippets.TableStatement> found = MarkdownSnippets.tableStatements("guide.md", md);
        assertEquals(List.of(new MarkdownSnippets.TableStatement("guide.md", 3, "loop.callSoon(r);"),
                new MarkdownSnippets.TableStatement("guide.md", 3, "loop.stop();")), found);
    }

    @Test
    void theSyncPackageIsImportedOnceItIsOnTheClassPath(@TempDir Path dir) throws Exception {
        Path without = Files.createDirectories(dir.resolve("without"));
        Path with = Files.createDirectories(dir.resolve("with/io/loopfx/core/sync"));
        Files.write(with.resolve("Probe.class"), new byte[]{(byte) 0xCA, (byte) 0xFE});
        Snippet s = only("```java\nint x = 1;\n```\n");
        String plain = new SnippetRunner(without.toString(), Duration.ofSeconds(1)).sourceOf(s).text();
        String withSync = new SnippetRunner(dir.resolve("with").toString(), Duration.ofSeconds(1)).sourceOf(s).text();
        assertTrue(plain.startsWith("import io.loopfx.core.*; import java.time.*;"), plain);
        assertTrue(!plain.contains("io.loopfx.core.sync"), plain);
        assertTrue(withSync.contains("import io.loopfx.core.sync.*;"), withSync);
        assertTrue(withSync.lines().count() == plain.lines().count(), "the line numbers stay those of the snippet");
    }

    @Test
    void anUnclosedFenceIsRefusedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MarkdownSnippets.parse("guide.md", "text\n```java\nint x;\n"));
        assertTrue(e.getMessage().startsWith("guide.md:2: "), e.getMessage());
    }

    @Test
    void theRepositoryRootIsFoundFromAnySubfolder() throws Exception {
        Path root = MarkdownSnippets.repositoryRoot(Path.of(System.getProperty("user.dir")));
        assertTrue(Files.isRegularFile(root.resolve("loop-core/pom.xml")), root.toString());
        assertEquals(root, MarkdownSnippets.repositoryRoot(root.resolve("loop-core/src")));
        assertEquals(root.resolve("README.md"), MarkdownSnippets.documents(root).get(0));
    }
}
