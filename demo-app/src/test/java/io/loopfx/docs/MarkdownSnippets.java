package io.loopfx.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the Java snippets of the documentation: every fenced block whose info string starts with {@code java}.
 *
 * <ul>
 *   <li>{@code ```java} — compiled and run;</li>
 *   <li>{@code ```java no-run} — compiled only (for the rare block that cannot run, e.g. one that launches a
 *       JavaFX application);</li>
 *   <li>{@code ```text output} — the first fenced block after a runnable java block may be this: what the
 *       snippet must print, exactly.</li>
 * </ul>
 * Anything else in a java info string, or an output block that follows no runnable snippet, is an error
 * reported as a failing snippet, so a typo cannot silently turn a check off.
 */
final class MarkdownSnippets {
    /** The words allowed after {@code java} in an info string. */
    static final Set<String> JAVA_FLAGS = Set.of("no-run");

    private MarkdownSnippets() {
    }

    /**
     * One java block of a document.
     *
     * @param file           the document, relative to the repository root (for messages and test names)
     * @param fenceLine      the 1-based line of the opening fence; code line k is document line fenceLine + k
     * @param code           the block's content
     * @param run            false for {@code no-run}
     * @param expectedOutput the text of the following {@code text output} block, or null
     * @param problem        why the block is malformed, or null
     */
    record Snippet(String file, int fenceLine, String code, boolean run, String expectedOutput, String problem) {
        /** Returns {@code file:line}, the snippet's name in test reports and messages. */
        String where() {
            return file + ":" + fenceLine;
        }

        Snippet withExpectedOutput(String output) {
            return new Snippet(file, fenceLine, code, run, output, problem);
        }
    }

    private record Block(int fenceLine, String lang, List<String> flags, String content) {
    }

    /**
     * Returns the java snippets of one Markdown document, in order.
     *
     * @param file     the document's name, for messages
     * @param markdown its text
     * @return its snippets
     */
    static List<Snippet> parse(String file, String markdown) {
        List<Snippet> snippets = new ArrayList<>();
        Snippet awaitingOutput = null; // the last runnable snippet, until another block comes
        for (Block b : blocks(file, markdown)) {
            boolean isOutput = b.lang.equals("text") && b.flags.equals(List.of("output"));
            if (isOutput) {
                if (awaitingOutput == null) {
                    snippets.add(new Snippet(file, b.fenceLine, "", false, null, "a ```text output block must "
                            + "directly follow a runnable ```java block (the next fenced block after it)"));
                } else {
                    snippets.set(snippets.lastIndexOf(awaitingOutput), awaitingOutput.withExpectedOutput(b.content));
                }
                awaitingOutput = null;
                continue;
            }
            awaitingOutput = null;
            if (!b.lang.equals("java")) continue;
            List<String> unknown = b.flags.stream().filter(f -> !JAVA_FLAGS.contains(f)).toList();
            String problem = unknown.isEmpty() ? null
                    : "unknown word(s) " + unknown + " after ```java; allowed: " + JAVA_FLAGS;
            boolean run = !b.flags.contains("no-run");
            Snippet s = new Snippet(file, b.fenceLine, b.content, run, null, problem);
            snippets.add(s);
            if (run && problem == null) awaitingOutput = s;
        }
        return snippets;
    }

    /** Splits a document into its fenced blocks (``` or ~~~, possibly indented, e.g. inside a list). */
    private static List<Block> blocks(String file, String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.stripLeading();
            if (!(trimmed.startsWith("```") || trimmed.startsWith("~~~"))) continue;
            int indent = line.length() - trimmed.length();
            char fenceChar = trimmed.charAt(0);
            int fenceLength = 0;
            while (fenceLength < trimmed.length() && trimmed.charAt(fenceLength) == fenceChar) fenceLength++;
            String fence = trimmed.substring(0, fenceLength);
            List<String> info = Arrays.stream(trimmed.substring(fenceLength).trim().split("\\s+"))
                    .filter(w -> !w.isEmpty()).toList();
            StringBuilder content = new StringBuilder();
            int j = i + 1;
            while (j < lines.length && !isClosingFence(lines[j], fenceChar, fenceLength)) {
                content.append(stripIndent(lines[j], indent)).append('\n');
                j++;
            }
            if (j == lines.length) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the code block opened with " + fence
                        + " is never closed");
            }
            String lang = info.isEmpty() ? "" : info.get(0);
            blocks.add(new Block(i + 1, lang, info.isEmpty() ? List.of() : info.subList(1, info.size()),
                    content.toString()));
            i = j;
        }
        return blocks;
    }

    private static boolean isClosingFence(String line, char fenceChar, int minLength) {
        String t = line.strip();
        if (t.length() < minLength) return false;
        for (int k = 0; k < t.length(); k++) if (t.charAt(k) != fenceChar) return false;
        return true;
    }

    private static String stripIndent(String line, int indent) {
        int k = 0;
        while (k < indent && k < line.length() && line.charAt(k) == ' ') k++;
        return line.substring(k);
    }

    /**
     * A statement quoted in a Markdown table cell: a code span ending with {@code ;}.
     *
     * @param file      the document
     * @param line      its 1-based line
     * @param statement the code span's text
     */
    record TableStatement(String file, int line, String statement) {
        /** Returns {@code file:line}. */
        String where() {
            return file + ":" + line;
        }
    }

    private static final java.util.regex.Pattern CODE_SPAN = java.util.regex.Pattern.compile("`([^`]+)`");

    /**
     * Returns the statements quoted in the document's tables (code spans ending with {@code ;} in lines that
     * start with {@code |}, outside code blocks). Tables cannot hold compiled blocks, so each of these must also
     * appear, verbatim, in one of the document's java blocks.
     *
     * @param file     the document's name, for messages
     * @param markdown its text
     * @return the statements, in order
     */
    static List<TableStatement> tableStatements(String file, String markdown) {
        List<TableStatement> found = new ArrayList<>();
        String[] lines = markdown.split("\r?\n", -1);
        char fenceChar = 0;
        int fenceLength = 0; // > 0 while inside a fenced block
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (fenceLength > 0) {
                if (isClosingFence(t, fenceChar, fenceLength)) fenceLength = 0;
                continue;
            }
            if (t.startsWith("```") || t.startsWith("~~~")) {
                fenceChar = t.charAt(0);
                while (fenceLength < t.length() && t.charAt(fenceLength) == fenceChar) fenceLength++;
                continue;
            }
            if (!t.startsWith("|")) continue;
            java.util.regex.Matcher m = CODE_SPAN.matcher(t);
            while (m.find()) {
                String code = m.group(1).strip();
                if (code.endsWith(";")) found.add(new TableStatement(file, i + 1, code));
            }
        }
        return found;
    }

    /**
     * Returns the repository root: the nearest folder at or above {@code start} whose {@code pom.xml} lists the
     * {@code loop-core} module.
     *
     * @param start where to begin (the working directory of the test)
     * @return the root
     * @throws IllegalStateException if there is none
     */
    static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>loop-core</module>")) return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No folder at or above " + start.toAbsolutePath() + " holds the loopfx root "
                + "pom.xml (the one with <module>loop-core</module>); run the test from inside the repository.");
    }

    /**
     * Returns the documents whose snippets are checked: {@code README.md} and {@code docs/*.md}, sorted.
     *
     * @param root the repository root
     * @return their paths
     */
    static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        Path dir = root.resolve("docs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return docs;
    }
}
