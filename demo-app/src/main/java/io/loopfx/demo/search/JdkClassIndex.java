package io.loopfx.demo.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Searches the names of the running JDK's public top-level classes (read from the {@code jrt:/} file
 * system), slowly on purpose: like a real index, a short query costs more than a long one, so without
 * cancellation the results of an early keystroke would arrive after those of the last one.
 */
public final class JdkClassIndex implements SearchSource {
    private final Duration latency;
    private volatile List<String> names; // read once, on the first search

    /**
     * Creates the index.
     *
     * @param latency what a four-letter query costs; a one-letter query costs four times as much
     */
    public JdkClassIndex(Duration latency) {
        this.latency = latency;
    }

    @Override
    public List<String> search(String query) throws InterruptedException {
        Thread.sleep(latency.multipliedBy(4).dividedBy(Math.min(4, query.length())));
        String q = query.toLowerCase(Locale.ROOT);
        return names().stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).contains(q))
                .sorted(Comparator.comparing((String n) -> !simpleName(n).toLowerCase(Locale.ROOT).startsWith(q))
                        .thenComparing(JdkClassIndex::simpleName))
                .limit(500)
                .toList();
    }

    private List<String> names() {
        List<String> n = names;
        if (n == null) names = n = readNames();
        return n;
    }

    private static List<String> readNames() {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules"))) {
            return files.map(p -> p.toString())
                    .filter(s -> s.endsWith(".class") && !s.contains("$") && !s.endsWith("module-info.class"))
                    .map(s -> s.substring(s.indexOf('/', "/modules/".length()) + 1, s.length() - ".class".length())
                            .replace('/', '.'))
                    .filter(s -> s.startsWith("java.") || s.startsWith("javax."))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
