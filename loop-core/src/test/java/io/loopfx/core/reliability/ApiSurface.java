package io.loopfx.core.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The public methods and constructors of some packages, read from a committed API file such as
 * {@code api/loop-core.txt} (which the API check keeps in step with the code), as short keys:
 * {@code EventLoop.callLater(Duration, Runnable)}, {@code new AsyncSemaphore(int)}, {@code Outcome.Failure.error()}.
 */
public final class ApiSurface {
    private static final Pattern SIGNATURE = Pattern.compile("(\\w+)\\((.*)\\)$");
    private static final Pattern RECORD_COMPONENT = Pattern.compile("record component \\d+: .* (\\w+)$");

    /** The method and constructor keys, in file order. */
    public final List<String> keys = new ArrayList<>();
    /** Record accessors, e.g. {@code LoopStats.timers()}. */
    public final Set<String> recordAccessors = new LinkedHashSet<>();

    private ApiSurface() {
    }

    /** The repository's root: the parent of the module directory the tests run in. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("api/loop-core.txt")) && Files.isDirectory(p.resolve("docs"))) return p;
        }
        throw new IllegalStateException("cannot find the repository root (api/loop-core.txt, docs/) above " + dir);
    }

    /**
     * Reads the public methods and constructors of the types of {@code packages} (not of their subpackages).
     *
     * @param apiFile  the API file, relative to the repository's root, e.g. {@code api/loop-core.txt}
     * @param packages the packages, e.g. {@code io.loopfx.core}
     * @return the methods
     * @throws IOException if the file cannot be read
     */
    public static ApiSurface load(String apiFile, List<String> packages) throws IOException {
        Pattern typeName = Pattern.compile(packages.stream().map(Pattern::quote).collect(Collectors.joining("|", "(?:", ")"))
                + "\\.([A-Z][\\w.]*)");
        ApiSurface api = new ApiSurface();
        for (String line : Files.readAllLines(repoRoot().resolve(apiFile))) {
            if (line.startsWith("#")) continue;
            int colon = line.indexOf(": ");
            if (colon < 0) continue;
            Matcher type = typeName.matcher(line.substring(0, colon));
            if (!type.matches()) continue; // another package
            String simple = type.group(1);
            String rest = line.substring(colon + 2);
            Matcher component = RECORD_COMPONENT.matcher(rest);
            if (component.matches()) {
                api.recordAccessors.add(simple + "." + component.group(1) + "()");
                continue;
            }
            boolean method = rest.startsWith("method ");
            if (!method && !rest.startsWith("constructor ")) continue;
            String signature = rest.split(" throws ")[0];
            Matcher m = SIGNATURE.matcher(signature);
            if (!m.find()) throw new IllegalStateException("unexpected API line: " + line);
            String params = String.join(", ", simpleParameterTypes(m.group(2)));
            api.keys.add(method ? simple + "." + m.group(1) + "(" + params + ")" : "new " + simple + "(" + params + ")");
        }
        return api;
    }

    /** {@code java.util.List<? extends T>, long} becomes {@code [List, long]}. */
    private static List<String> simpleParameterTypes(String params) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : params.toCharArray()) {
            if (c == '<') depth++;
            if (c == '>') depth--;
            if (c == ',' && depth == 0) {
                out.add(current.toString());
                current.setLength(0);
            } else if (depth == 0 && c != '>') {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString());
        List<String> simple = new ArrayList<>();
        for (String p : out) {
            p = p.trim();
            simple.add(p.substring(p.lastIndexOf('.', p.endsWith("...") ? p.length() - 4 : p.length()) + 1));
        }
        return simple;
    }
}
