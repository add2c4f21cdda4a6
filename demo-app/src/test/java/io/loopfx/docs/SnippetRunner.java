package io.loopfx.docs;

import io.loopfx.docs.MarkdownSnippets.Snippet;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a documentation snippet in memory against the test class path and runs its {@code main} in this
 * JVM, with a time limit and {@code System.out} captured. Every failure is an {@link AssertionError} whose
 * message names the document line: the compiler's diagnostics or the exception, mapped back to the Markdown.
 *
 * <p>A snippet that begins (after its imports) with a type declaration is compiled as it is, and the type with
 * a {@code public static void main(String[])} is run. Any other snippet is the body of
 * {@code public static void main(String[] args) throws Exception} in a generated class that imports
 * {@link #WRAPPER_IMPORTS} (and {@code io.loopfx.core.sync.*} once that package exists). The generated source
 * keeps every snippet line on the same line number, so javac's line numbers map straight back to the document.
 */
final class SnippetRunner {
    /** The packages every wrapped snippet imports. */
    static final List<String> WRAPPER_IMPORTS =
            List.of("io.loopfx.core", "java.time", "java.util", "java.util.concurrent");
    /** Imported too, as soon as it is on the class path. */
    static final String OPTIONAL_IMPORT = "io.loopfx.core.sync";

    private static final String WRAPPER_CLASS = "Snippet";
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|abstract|static|final|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^(?:(?:abstract|final|sealed|non-sealed|strictfp)\\s+)*public\\s+(?:(?:abstract|final|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");

    /** An import of JavaFX or of the bridge: such a snippet needs the toolkit running. */
    private static final Pattern FX_IMPORT = Pattern.compile("(?m)^\\s*import\\s+(?:static\\s+)?(?:javafx|io\\.loopfx\\.fx)\\.");

    private final String classPath;
    private final Duration timeout;
    private final JavaCompiler compiler;
    /** Shared by all compilations: it caches what it read of the class path's jars. */
    private final StandardJavaFileManager files;
    private final List<String> wrapperImports;

    /**
     * Creates a runner.
     *
     * @param classPath what snippets compile against (the test class path: loopfx and its dependencies)
     * @param timeout   how long a snippet's {@code main} may run
     */
    SnippetRunner(String classPath, Duration timeout) {
        this.classPath = classPath;
        this.timeout = timeout;
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("No Java compiler in this runtime (" + System.getProperty("java.home")
                    + "); run the tests on a JDK, not a JRE.");
        }
        this.files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            files.setLocation(StandardLocation.CLASS_PATH, paths(classPath));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot use the class path " + classPath, e);
        }
        this.wrapperImports = new ArrayList<>(WRAPPER_IMPORTS);
        if (packageExists(OPTIONAL_IMPORT)) wrapperImports.add(OPTIONAL_IMPORT);
    }

    /** A runner over this JVM's class path. Surefire puts the real test class path there. */
    static SnippetRunner forTestClassPath(Duration timeout) {
        return new SnippetRunner(System.getProperty("java.class.path"), timeout);
    }

    /**
     * Checks one snippet: compiles it, then, unless it is {@code no-run}, runs it and compares its output.
     *
     * @param snippet the snippet
     * @throws AssertionError describing the first failure, with the document line
     */
    void check(Snippet snippet) {
        if (snippet.problem() != null) throw new AssertionError(snippet.where() + ": " + snippet.problem());
        Source source = sourceOf(snippet);
        Map<String, byte[]> classes = compile(snippet, source);
        if (!snippet.run()) return;
        String printed = run(snippet, source, classes);
        if (snippet.expectedOutput() != null) {
            String expected = normalize(snippet.expectedOutput());
            String actual = normalize(printed);
            if (!expected.equals(actual)) {
                throw new AssertionError(snippet.where() + ": the snippet printed\n" + indent(actual)
                        + "\nbut its ```text output block says\n" + indent(expected));
            }
        }
    }

    // ------------------------------------------------------------------ source

    /** The source handed to javac: its file name, text and main class. */
    record Source(String className, String text, boolean wrapped) {
    }

    Source sourceOf(Snippet snippet) {
        String[] lines = snippet.code().split("\n", -1);
        int firstCode = 0;
        while (firstCode < lines.length && isImportSection(lines[firstCode])) firstCode++;
        if (firstCode < lines.length) {
            Matcher type = TYPE_DECLARATION.matcher(firstCodeLine(lines, firstCode));
            if (type.find()) {
                Matcher pub = PUBLIC_TYPE.matcher(snippet.code());
                return new Source(pub.find() ? pub.group(1) : type.group(1), snippet.code(), false);
            }
        }
        // Same line numbers as the snippet: imports go before line 1, the class header before the first
        // statement, on the same lines.
        StringBuilder imports = new StringBuilder();
        for (String p : wrapperImports) imports.append("import ").append(p).append(".*; ");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == 0) text.append(imports);
            if (i == firstCode) {
                text.append("public final class " + WRAPPER_CLASS + " { public static void main(String[] args) "
                        + "throws Exception { ");
            }
            text.append(lines[i]).append('\n');
        }
        if (firstCode >= lines.length) {
            text.append("public final class " + WRAPPER_CLASS + " { public static void main(String[] args) { ");
        }
        text.append("}}\n");
        return new Source(WRAPPER_CLASS, text.toString(), true);
    }

    private static boolean isImportSection(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("import ");
    }

    /** The first line that is neither a comment nor an annotation on its own, from {@code from} on. */
    private static String firstCodeLine(String[] lines, int from) {
        boolean inBlockComment = false;
        for (int i = from; i < lines.length; i++) {
            String t = lines[i].strip();
            if (inBlockComment) {
                if (t.contains("*/")) inBlockComment = false;
                continue;
            }
            if (t.isEmpty() || t.startsWith("//")) continue;
            if (t.startsWith("/*")) {
                inBlockComment = !t.contains("*/");
                continue;
            }
            if (lines[i].startsWith(" ") || lines[i].startsWith("\t")) return ""; // indented: a statement
            return t;
        }
        return "";
    }

    private boolean packageExists(String pkg) {
        try {
            return files.list(StandardLocation.CLASS_PATH, pkg, Set.of(JavaFileObject.Kind.CLASS), false)
                    .iterator().hasNext();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the class path " + classPath, e);
        }
    }

    private static List<java.io.File> paths(String classPath) {
        List<java.io.File> files = new ArrayList<>();
        for (String p : classPath.split(java.io.File.pathSeparator)) if (!p.isEmpty()) files.add(new java.io.File(p));
        return files;
    }

    // ------------------------------------------------------------------ compile

    private Map<String, byte[]> compile(Snippet snippet, Source source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, byte[]> classes = new HashMap<>();
        JavaFileManager fm = new InMemoryOutput(files, classes); // not closed: that would close the shared manager
        JavaFileObject unit = new SimpleJavaFileObject(
                URI.create("string:///" + source.className() + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source.text();
            }
        };
        // javac also follows the Class-Path of a manifest-only jar, should a runner use one.
        List<String> options = List.of("-proc:none", "-encoding", "UTF-8");
        boolean ok = compiler.getTask(null, fm, diagnostics, options, null, List.of(unit)).call();
        if (!ok) throw new AssertionError(snippet.where() + ": the snippet does not compile\n"
                + describe(snippet, diagnostics.getDiagnostics()));
        return classes;
    }

    private static String describe(Snippet snippet, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            sb.append("  ").append(snippet.file()).append(':').append(snippet.fenceLine() + d.getLineNumber())
                    .append(": error: ").append(d.getMessage(Locale.ROOT)).append('\n');
        }
        return sb.toString();
    }

    /** Keeps javac's class files in memory. */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> classes;

        InMemoryOutput(StandardJavaFileManager fm, Map<String, byte[]> classes) {
            super(fm);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

    // ------------------------------------------------------------------ run

    /** A snippet that imports JavaFX or the bridge runs the way an application's code does: with the toolkit up. */
    static boolean usesJavaFx(Source source) {
        return FX_IMPORT.matcher(source.text()).find();
    }

    /**
     * Starts the JavaFX toolkit once per JVM (as {@code Application.launch} would for a real program), through
     * TestFX, so that the documentation's FX snippets and the demo's UI tests share one toolkit.
     */
    private static void startFxToolkit(Snippet snippet) {
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (Exception e) {
            throw new AssertionError(snippet.where() + ": could not start the JavaFX toolkit for this snippet", e);
        }
    }

    private String run(Snippet snippet, Source source, Map<String, byte[]> classes) {
        ClassLoader loader = new ClassLoader(SnippetRunner.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) throw new ClassNotFoundException(name);
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Method main = findMain(snippet, source, classes, loader);
        if (usesJavaFx(source)) startFxToolkit(snippet);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                main.invoke(null, (Object) new String[0]);
            } catch (InvocationTargetException e) {
                failure.set(e.getCause());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "snippet " + snippet.where());
        thread.setDaemon(true);
        PrintStream originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            thread.start();
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(snippet.where() + ": interrupted while running the snippet", e);
        } finally {
            System.out.flush();
            System.setOut(originalOut);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError(snippet.where() + ": the snippet did not finish within " + timeout.toMillis()
                    + " ms (snippets must end quickly: use short durations). It printed:\n" + indent(printed));
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError(snippet.where() + ": the snippet threw " + t + at(snippet, t, classes.keySet())
                    + "\nIt printed:\n" + indent(printed), t);
        }
        return printed;
    }

    private static Method findMain(Snippet snippet, Source source, Map<String, byte[]> classes, ClassLoader loader) {
        List<String> candidates = new ArrayList<>();
        candidates.add(source.className());
        classes.keySet().stream().filter(n -> !n.equals(source.className())).sorted().forEach(candidates::add);
        for (String name : candidates) {
            try {
                Method m = loader.loadClass(name).getDeclaredMethod("main", String[].class);
                if (Modifier.isStatic(m.getModifiers())) {
                    m.setAccessible(true);
                    return m;
                }
            } catch (NoSuchMethodException | ClassNotFoundException e) {
                // try the next class
            }
        }
        throw new AssertionError(snippet.where() + ": the snippet declares types but none has a static "
                + "main(String[]) to run; add one, or mark the block ```java no-run if it cannot run");
    }

    /** Where in the document the exception came from: the innermost frame of the snippet's own classes. */
    private static String at(Snippet snippet, Throwable t, Set<String> snippetClasses) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (snippetClasses.contains(e.getClassName()) && e.getLineNumber() > 0) {
                    return "\n  at " + snippet.file() + ":" + (snippet.fenceLine() + e.getLineNumber());
                }
            }
        }
        return "";
    }

    private static String normalize(String s) {
        return s.replace("\r\n", "\n").stripTrailing();
    }

    private static String indent(String s) {
        StringWriter w = new StringWriter();
        PrintWriter p = new PrintWriter(w);
        s.lines().forEach(l -> p.println("    | " + l));
        p.flush();
        return w.toString().stripTrailing();
    }
}
