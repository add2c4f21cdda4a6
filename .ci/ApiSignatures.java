/*
 * Prints the public API of one JPMS module jar as stable, sorted text, one line per API element; .ci/api-check.sh
 * compares it with the committed api/<module>.txt, so an API change shows up as a diff. JDK only; run with the
 * source launcher (JDK 21+):
 *
 *   java .ci/ApiSignatures.java --jar loop-core/target/loop-core-X.jar --module-path <jars it needs> [--out FILE]
 *
 * --module-path lists the jars the module needs (the other loopfx jars, JavaFX for javafx-bridge), separated by
 * the path separator; the module jar itself is added. What counts as API:
 *  - the module descriptor's requires (java.base left out), exports, uses and provides;
 *  - the packages the module descriptor exports to everyone. Qualified exports ("exports p to m") are not public
 *    API: they are listed as a comment line only, their types are not. Non-exported packages (io.loopfx.core.internal)
 *    are never read;
 *  - in those packages, public top-level types and the public/protected nested types of API types;
 *  - their public/protected constructors, methods, fields, enum constants and record components, with generic
 *    signatures, throws clauses, @Deprecated and the values of compile-time constants (read from the class file:
 *    reading them by reflection would initialize the class). Enum constants and record components keep their
 *    declaration order (ordinals, canonical constructor); everything else is sorted;
 *  - public/protected members inherited from a superclass of the same module that is not itself API (not public,
 *    or not exported), because they are callable on the API type; they are marked "(inherited from X)".
 * Synthetic and bridge members are skipped. Classes are loaded in a module layer without being initialized (some
 * static initializers touch JavaFX or the continuation engine). demo-app is an application, not a library: it has
 * no signature file.
 */

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

public class ApiSignatures {

    public static void main(String[] args) throws Exception {
        Path jar = null;
        Path out = null;
        List<Path> modulePath = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--module-path", "-p" -> {
                    for (String p : args[++i].split(java.io.File.pathSeparator)) {
                        if (!p.isBlank()) modulePath.add(Path.of(p));
                    }
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (jar == null) usage("--jar is required");
        if (!Files.isRegularFile(jar)) usage("no such jar: " + jar);

        List<String> lines = new ApiSignatures().signatures(jar, modulePath);
        String text = String.join("\n", lines) + "\n";
        if (out == null) {
            System.out.print(text);
        } else {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
    }

    private static void usage(String problem) {
        System.err.println("ApiSignatures: " + problem);
        System.err.println("usage: java .ci/ApiSignatures.java --jar MODULE.jar [--module-path JARS] [--out FILE]");
        System.exit(2);
    }

    List<String> signatures(Path jar, List<Path> modulePath) throws IOException {
        Set<ModuleReference> own = ModuleFinder.of(jar).findAll();
        if (own.size() != 1) throw new IllegalArgumentException(jar + " is not one module");
        ModuleReference ref = own.iterator().next();
        ModuleDescriptor md = ref.descriptor();
        if (md.isAutomatic()) throw new IllegalArgumentException(jar + " has no module-info.class");

        List<Path> all = new ArrayList<>();
        all.add(jar);
        for (Path p : modulePath) {
            if (!p.toAbsolutePath().normalize().equals(jar.toAbsolutePath().normalize())) all.add(p);
        }
        // The module jar first, so that its copy wins over a same-named module elsewhere on the path.
        ModuleFinder finder = ModuleFinder.of(all.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(md.name()));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
        ClassLoader loader = layer.findLoader(md.name());

        List<String> lines = new ArrayList<>();
        lines.add("# Public API of module " + md.name() + ": one line per element, generated by .ci/ApiSignatures.java.");
        lines.add("# Do not edit; after an intended API change run .ci/api-check.sh --update and commit this file.");
        lines.addAll(moduleLines(md));

        Set<String> exported = md.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        this.exported = exported;

        // The classes of the exported packages, loaded without initialization.
        Map<String, Class<?>> types = new TreeMap<>();
        try (ModuleReader reader = ref.open()) {
            for (String entry : (Iterable<String>) reader.list().sorted()::iterator) {
                if (!entry.endsWith(".class") || entry.endsWith("module-info.class")) continue;
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                int dot = name.lastIndexOf('.');
                if (dot < 0 || !exported.contains(name.substring(0, dot))) continue;
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError ex) {
                    throw new IllegalStateException("cannot load " + name + " (is --module-path complete?): " + ex, ex);
                }
                if (isApiType(c)) types.put(name(c), c);
            }
        }
        // One section per type, in name order; a nested type follows its outer type (its name extends it).
        for (Class<?> c : types.values()) lines.addAll(typeLines(c));
        return lines;
    }

    private Set<String> exported = Set.of();
    /** What reflection cannot tell without initializing a class, read from its class file. */
    private final Map<Class<?>, ClassFacts> facts = new HashMap<>();

    private ClassFacts facts(Class<?> c) {
        return facts.computeIfAbsent(c, k -> {
            String resource = "/" + k.getName().replace('.', '/') + ".class";
            try (InputStream in = k.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("no class file for " + k.getName());
                return ConstantReader.read(k.getName(), in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the class file of " + k.getName(), e);
            }
        });
    }

    private static List<String> moduleLines(ModuleDescriptor md) {
        String m = "module " + md.name() + ": ";
        List<String> lines = new ArrayList<>();
        for (ModuleDescriptor.Requires r : md.requires()) {
            if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.MANDATED)) continue; // java.base
            String mods = r.modifiers().stream()
                    .filter(x -> x == ModuleDescriptor.Requires.Modifier.TRANSITIVE || x == ModuleDescriptor.Requires.Modifier.STATIC)
                    .map(x -> x.name().toLowerCase() + " ").sorted().collect(Collectors.joining());
            lines.add(m + "requires " + mods + r.name());
        }
        for (ModuleDescriptor.Exports e : md.exports()) {
            if (e.isQualified()) {
                lines.add("# " + m + "exports " + e.source() + " to " + String.join(", ", new TreeSet<>(e.targets()))
                        + " (qualified export: not public API, its types are not listed)");
            } else {
                lines.add(m + "exports " + e.source());
            }
        }
        for (String u : md.uses()) lines.add(m + "uses " + u);
        for (ModuleDescriptor.Provides p : md.provides()) {
            lines.add(m + "provides " + p.service() + " with " + String.join(", ", new TreeSet<>(p.providers())));
        }
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        return sorted;
    }

    /** Public top-level types of exported packages, and public/protected nested types of such types. */
    private boolean isApiType(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) return false;
        if (!exported.contains(c.getPackageName())) return false;
        Class<?> outer = c.getDeclaringClass();
        if (outer == null) return Modifier.isPublic(c.getModifiers());
        return (Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())) && isApiType(outer);
    }

    private List<String> typeLines(Class<?> c) {
        String p = name(c) + ": ";
        List<String> lines = new ArrayList<>();
        lines.add(p + typeHeader(c));

        List<Line> members = new ArrayList<>();
        if (c.isEnum()) {
            // In declaration order (the ordinals), which the class file keeps; reflection does not promise an order.
            List<String> order = facts(c).enumConstants();
            for (Field f : c.getDeclaredFields()) {
                if (!f.isEnumConstant()) continue;
                int ordinal = order.indexOf(f.getName());
                members.add(new Line(1, String.format("%05d", ordinal),
                        "enum constant " + ordinal + ": " + deprecated(f) + f.getName()));
            }
        }
        if (c.isRecord()) {
            // Record components keep their declaration order: it is the canonical constructor's signature.
            RecordComponent[] rc = c.getRecordComponents();
            for (int i = 0; i < rc.length; i++) {
                members.add(new Line(2, String.format("%03d", i), "record component " + i + ": " + type(rc[i].getGenericType()) + " " + rc[i].getName()));
            }
        }
        addMembers(c, c, members);
        // Members callable on c that it inherits from superclasses of this module that are not API themselves
        // (package-private, or in a package that is not exported). The JDK's classes are the JDK's API.
        for (Class<?> s = c.getSuperclass(); s != null && s.getModule() == c.getModule() && !isApiType(s);
                s = s.getSuperclass()) {
            addMembers(s, c, members);
        }
        for (Class<?> n : c.getDeclaredClasses()) {
            if (isApiType(n)) members.add(new Line(7, n.getSimpleName(), "nested " + modifiers(n) + kind(n) + " " + name(n)));
        }
        members.stream().distinct().sorted().forEach(m -> lines.add(p + m.text()));
        return lines;
    }

    /** A member line; sorted by kind, then name, then text, so a type's methods of one name stay together. */
    private record Line(int kind, String name, String text) implements Comparable<Line> {
        public int compareTo(Line o) {
            int c = Integer.compare(kind, o.kind);
            if (c == 0) c = name.compareTo(o.name);
            return c != 0 ? c : text.compareTo(o.text);
        }
    }

    private void addMembers(Class<?> declaring, Class<?> api, List<Line> members) {
        String from = declaring == api ? "" : " (inherited from " + name(declaring) + ")";
        for (Field f : declaring.getDeclaredFields()) {
            if (f.isSynthetic() || f.isEnumConstant() || !visible(f)) continue;
            String value = facts(declaring).constants().get(f.getName());
            members.add(new Line(3, f.getName(), "field " + deprecated(f) + modifiers(f) + type(f.getGenericType()) + " " + f.getName()
                    + (value == null ? "" : " = " + value) + from));
        }
        if (declaring == api) {
            for (Constructor<?> k : declaring.getDeclaredConstructors()) {
                if (k.isSynthetic() || !visible(k)) continue;
                members.add(new Line(4, "", "constructor " + deprecated(k) + modifiers(k) + typeParameters(k.getTypeParameters())
                        + declaring.getSimpleName() + parameters(k) + exceptions(k)));
            }
        }
        for (Method m : declaring.getDeclaredMethods()) {
            if (m.isSynthetic() || m.isBridge() || !visible(m)) continue;
            String mods = modifiers(m);
            if (m.isDefault()) mods = mods.replace("public ", "public default ");
            members.add(new Line(5, m.getName(), "method " + deprecated(m) + mods + typeParameters(m.getTypeParameters())
                    + type(m.getGenericReturnType()) + " " + m.getName() + parameters(m) + exceptions(m)
                    + (m.getDefaultValue() != null ? " default " + annotationValue(m.getDefaultValue()) : "") + from));
        }
    }

    private static String annotationValue(Object v) {
        if (v.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) items.add(annotationValue(java.lang.reflect.Array.get(v, i)));
            return "{" + String.join(", ", items) + "}";
        }
        if (v instanceof Class<?> k) return name(k) + ".class";
        if (v instanceof String str) return ConstantReader.stringLiteral(str);
        if (v instanceof Enum<?> e) return name(e.getDeclaringClass()) + "." + e.name();
        return v.toString();
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) || Modifier.isProtected(mod);
    }

    private String typeHeader(Class<?> c) {
        StringBuilder b = new StringBuilder();
        b.append(deprecated(c));
        if (c.isAnnotationPresent(FunctionalInterface.class)) b.append("@FunctionalInterface ");
        b.append(modifiers(c)).append(kind(c)).append(' ').append(c.getSimpleName());
        b.append(typeParameters(c.getTypeParameters()).stripTrailing());
        if (!c.isInterface() && !c.isEnum() && !c.isRecord()) {
            Type sup = c.getGenericSuperclass();
            if (sup != null && sup != Object.class) b.append(" extends ").append(type(sup));
        }
        List<String> interfaces = new ArrayList<>();
        for (Type t : c.getGenericInterfaces()) {
            if (c.isAnnotation() && t == java.lang.annotation.Annotation.class) continue;
            interfaces.add(type(t));
        }
        interfaces.sort(null);
        if (!interfaces.isEmpty()) {
            b.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        if (c.isSealed()) {
            b.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(ApiSignatures::name)
                    .sorted().collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    private static String kind(Class<?> c) {
        if (c.isAnnotation()) return "@interface";
        if (c.isInterface()) return "interface";
        if (c.isEnum()) return "enum";
        if (c.isRecord()) return "record";
        return "class";
    }

    private static String modifiers(Class<?> c) {
        int mod = c.getModifiers() & Modifier.classModifiers();
        if (c.isInterface()) mod &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        if (c.isEnum() || c.isRecord()) mod &= ~(Modifier.STATIC | Modifier.FINAL);
        mod &= ~Modifier.STRICT;
        String s = Modifier.toString(mod);
        if (c.isSealed()) {
            s = s.isEmpty() ? "sealed" : s + " sealed";
        } else if (!Modifier.isFinal(c.getModifiers()) && !c.isEnum() && !c.isRecord() && hasSealedParent(c)) {
            s = s.isEmpty() ? "non-sealed" : s + " non-sealed";
        }
        return s.isEmpty() ? "" : s + " ";
    }

    private static boolean hasSealedParent(Class<?> c) {
        if (c.getSuperclass() != null && c.getSuperclass().isSealed()) return true;
        for (Class<?> i : c.getInterfaces()) if (i.isSealed()) return true;
        return false;
    }

    private static String modifiers(Member m) {
        int allowed = m instanceof Field ? Modifier.fieldModifiers()
                : m instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers();
        // synchronized, native and strictfp are implementation details, not API.
        int mod = m.getModifiers() & allowed & ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT);
        String s = Modifier.toString(mod);
        return s.isEmpty() ? "" : s + " ";
    }

    private static String deprecated(java.lang.reflect.AnnotatedElement e) {
        Deprecated d = e.getAnnotation(Deprecated.class);
        if (d == null) return "";
        List<String> attrs = new ArrayList<>();
        if (d.forRemoval()) attrs.add("forRemoval=true");
        if (!d.since().isEmpty()) attrs.add("since=\"" + d.since() + "\"");
        return "@Deprecated" + (attrs.isEmpty() ? "" : "(" + String.join(", ", attrs) + ")") + " ";
    }

    private static String typeParameters(TypeVariable<?>[] vars) {
        if (vars.length == 0) return "";
        List<String> out = new ArrayList<>();
        for (TypeVariable<?> v : vars) {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(t -> t != Object.class)
                    .map(ApiSignatures::type).toList();
            out.add(v.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
        }
        return "<" + String.join(", ", out) + "> ";
    }

    private static String parameters(Executable e) {
        Type[] ps = e.getGenericParameterTypes();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ps.length; i++) {
            String t = type(ps[i]);
            if (e.isVarArgs() && i == ps.length - 1 && t.endsWith("[]")) t = t.substring(0, t.length() - 2) + "...";
            out.add(t);
        }
        return "(" + String.join(", ", out) + ")";
    }

    private static String exceptions(Executable e) {
        Type[] ts = e.getGenericExceptionTypes();
        if (ts.length == 0) return "";
        return " throws " + Arrays.stream(ts).map(ApiSignatures::type).sorted().collect(Collectors.joining(", "));
    }

    /** Canonical name where there is one ("a.b.Outer.Inner"), else the binary name. */
    private static String name(Class<?> c) {
        String n = c.getCanonicalName();
        return n != null ? n : c.getName();
    }

    /** Our own formatting, so the text does not depend on the JDK's toString of reflective types. */
    static String type(Type t) {
        if (t instanceof Class<?> c) {
            return c.isArray() ? type(c.getComponentType()) + "[]" : name(c);
        }
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            String base;
            if (pt.getOwnerType() instanceof ParameterizedType owner) {
                base = type(owner) + "." + raw.getSimpleName();
            } else {
                base = name(raw);
            }
            return base + "<" + Arrays.stream(pt.getActualTypeArguments()).map(ApiSignatures::type)
                    .collect(Collectors.joining(", ")) + ">";
        }
        if (t instanceof TypeVariable<?> v) return v.getName();
        if (t instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) return "? super " + type(w.getLowerBounds()[0]);
            Type[] up = w.getUpperBounds();
            if (up.length == 0 || up[0] == Object.class) return "?";
            return "? extends " + type(up[0]);
        }
        if (t instanceof GenericArrayType g) return type(g.getGenericComponentType()) + "[]";
        throw new IllegalArgumentException("unknown type " + t);
    }

    /**
     * Reads the ConstantValue attributes of a class file's fields (compile-time constants) and the order of its enum
     * constants, without initializing the class.
     */
    record ClassFacts(Map<String, String> constants, List<String> enumConstants) {}

    static final class ConstantReader {
        static ClassFacts read(String binaryName, byte[] bytes) {
            Map<String, String> out = new HashMap<>();
            List<String> enumConstants = new ArrayList<>();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                in.readInt(); // magic
                in.readUnsignedShort(); // minor
                in.readUnsignedShort(); // major
                int count = in.readUnsignedShort();
                Object[] pool = new Object[count];
                for (int i = 1; i < count; i++) {
                    int tag = in.readUnsignedByte();
                    switch (tag) {
                        case 1 -> pool[i] = in.readUTF();
                        case 3 -> pool[i] = in.readInt();
                        case 4 -> pool[i] = in.readFloat();
                        case 5 -> { pool[i] = in.readLong(); i++; }
                        case 6 -> { pool[i] = in.readDouble(); i++; }
                        case 7, 8, 16, 19, 20 -> pool[i] = new int[] {tag, in.readUnsignedShort()};
                        case 9, 10, 11, 12, 17, 18 -> { in.readUnsignedShort(); in.readUnsignedShort(); }
                        case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
                        default -> throw new IOException("unknown constant pool tag " + tag);
                    }
                }
                in.readUnsignedShort(); // access
                in.readUnsignedShort(); // this
                in.readUnsignedShort(); // super
                int interfaces = in.readUnsignedShort();
                for (int i = 0; i < interfaces; i++) in.readUnsignedShort();
                int fields = in.readUnsignedShort();
                for (int f = 0; f < fields; f++) {
                    int access = in.readUnsignedShort();
                    String name = (String) pool[in.readUnsignedShort()];
                    if ((access & 0x4000) != 0) enumConstants.add(name); // ACC_ENUM
                    String desc = (String) pool[in.readUnsignedShort()];
                    int attrs = in.readUnsignedShort();
                    for (int a = 0; a < attrs; a++) {
                        String attr = (String) pool[in.readUnsignedShort()];
                        int len = in.readInt();
                        if (attr.equals("ConstantValue")) {
                            Object v = pool[in.readUnsignedShort()];
                            out.put(name, literal(desc, v, pool));
                        } else {
                            in.skipNBytes(len);
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the class file of " + binaryName, e);
            }
            return new ClassFacts(out, enumConstants);
        }

        private static String literal(String desc, Object v, Object[] pool) {
            return switch (desc) {
                case "Z" -> ((Integer) v) != 0 ? "true" : "false";
                case "C" -> charLiteral((char) (int) (Integer) v);
                case "B", "S", "I" -> v.toString();
                case "J" -> v + "L";
                case "F" -> v + "f";
                case "D" -> v.toString();
                case "Ljava/lang/String;" -> stringLiteral((String) pool[((int[]) v)[1]]);
                default -> v.toString();
            };
        }

        private static String charLiteral(char c) {
            return "'" + (c == '\'' ? "\\'" : escape(c)) + "'";
        }

        private static String stringLiteral(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) b.append(c == '"' ? "\\\"" : escape(c));
            return b.append('"').toString();
        }

        private static String escape(char c) {
            return switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\r' -> "\\r";
                default -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
            };
        }
    }
}
