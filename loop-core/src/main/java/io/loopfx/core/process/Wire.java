package io.loopfx.core.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Constructor;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The task channel between the pool and a worker: length-prefixed frames on a loopback socket, and the
 * Java serialization of what they carry, always read through an {@link ObjectInputFilter}.
 *
 * <pre>
 * worker -> pool, once:  UTF token
 * pool -> worker, once:  UTF worker name, UTF filter pattern
 * pool -> worker:        TASK   id:long  trusted class count:int, UTF names...  length:int  bytes
 * worker -> pool:        RESULT id:long  length:int  bytes (the value)
 *                        ERROR  id:long  length:int  bytes (a RemoteFailure)
 * </pre>
 */
final class Wire {
    static final byte TASK = 'T';
    static final byte RESULT = 'R';
    static final byte ERROR = 'E';

    /**
     * What both sides admit before the user's patterns: value types of java.base, serializable lambdas, and the
     * record failures travel in. User patterns come first, so they can also refuse something listed here.
     */
    static final String BASE_FILTER = "maxdepth=1000;java.lang.*;java.lang.invoke.SerializedLambda;java.util.*;"
            + "java.time.*;java.math.*;java.net.URI;" + RemoteFailure.class.getName() + ";!*";

    private Wire() {
    }

    /** The filter pattern of a pool: the user's patterns, then {@link #BASE_FILTER}. */
    static String filterPattern(String userPatterns) {
        return userPatterns.isEmpty() ? BASE_FILTER : userPatterns + ";" + BASE_FILTER;
    }

    /** Serialized bytes, and the names of the classes they describe. */
    record Serialized(byte[] bytes, Set<String> classNames) {
    }

    static Serialized serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Set<String> names = new LinkedHashSet<>();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            @Override
            protected void annotateClass(Class<?> cl) {
                names.add(cl.getName());
            }
        }) {
            out.writeObject(value);
        }
        return new Serialized(bytes.toByteArray(), names);
    }

    /**
     * Reads one object through {@code pattern} (and {@code trusted}: class names admitted whatever the pattern
     * says), resolving classes with {@code loader} first. A refused class becomes an
     * {@link InvalidClassException} that names it and says how to admit it.
     */
    static Object deserialize(byte[] bytes, String pattern, Set<String> trusted, ClassLoader loader, String what)
            throws IOException, ClassNotFoundException {
        ObjectInputFilter configured = ObjectInputFilter.Config.createFilter(pattern);
        AtomicReference<Class<?>> refused = new AtomicReference<>();
        ObjectInputFilter filter = info -> {
            Class<?> c = info.serialClass();
            if (c != null && trusted.contains(nameOf(c))) return ObjectInputFilter.Status.ALLOWED;
            ObjectInputFilter.Status s = configured.checkInput(info);
            if (s == ObjectInputFilter.Status.REJECTED) refused.set(c);
            return s;
        };
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                if (loader != null) {
                    try {
                        return Class.forName(desc.getName(), false, loader);
                    } catch (ClassNotFoundException notThere) {
                        // primitives and classes of other loaders: the default way
                    }
                }
                return super.resolveClass(desc);
            }
        }) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (InvalidClassException e) {
            if (refused.get() == null && !String.valueOf(e.getMessage()).contains("REJECTED")) throw e;
            Class<?> c = refused.get();
            String name = c == null ? "(a stream limit)" : elementName(c);
            InvalidClassException clear = new InvalidClassException(name, "refused by the process pool's "
                    + "deserialization filter while reading " + what + ". Admit it with "
                    + "ProcessPoolExecutor.builder().allowClasses(\"" + suggestion(c) + "\") (patterns as in "
                    + "ObjectInputFilter.Config.createFilter); the pool's filter is: " + pattern);
            clear.initCause(e);
            throw clear;
        }
    }

    /**
     * The name a class is admitted by: an array's element type; for a lambda (a hidden class, which the stream
     * checks after {@code SerializedLambda} resolved it, named {@code Capturing$$Lambda/0x...} differently in
     * every JVM), its capturing class.
     */
    private static String nameOf(Class<?> c) {
        if (c.isArray()) return c.getName();
        String name = c.getName();
        int lambda = name.indexOf("$$Lambda");
        return c.isHidden() && lambda > 0 ? name.substring(0, lambda) : name;
    }

    private static String elementName(Class<?> c) {
        while (c.isArray()) c = c.getComponentType();
        return nameOf(c);
    }

    private static String suggestion(Class<?> c) {
        if (c == null) return "maxdepth=...";
        String name = elementName(c);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name + "\" or \"" + name.substring(0, dot) + ".*";
    }

    static void writeFrame(DataOutputStream out, byte type, long id, byte[] payload) throws IOException {
        out.writeByte(type);
        out.writeLong(id);
        out.writeInt(payload.length);
        out.write(payload);
    }

    static byte[] readPayload(DataInputStream in) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return payload;
    }

    static void writeNames(DataOutputStream out, Set<String> names) throws IOException {
        out.writeInt(names.size());
        for (String n : names) out.writeUTF(n);
    }

    static Set<String> readNames(DataInputStream in) throws IOException {
        int n = in.readInt();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) names.add(in.readUTF());
        return names;
    }

    // ------------------------------------------------------------------ failures, back in the parent

    /**
     * Rebuilds a remote failure as an exception of its own type when this JVM can (the class is visible through
     * {@code loader} and has a public constructor taking a message), else as a {@link RemoteTaskException}.
     * Every stack frame is marked with {@code origin} (shown as {@code origin//com.example.Foo.bar(Foo.java:12)}).
     */
    static Throwable rebuild(RemoteFailure f, String origin, ClassLoader loader) {
        Throwable t = instantiate(f, loader);
        StackTraceElement[] marked = new StackTraceElement[f.stackTrace().length];
        for (int i = 0; i < marked.length; i++) {
            StackTraceElement e = f.stackTrace()[i];
            marked[i] = new StackTraceElement(origin, e.getModuleName(), e.getModuleVersion(), e.getClassName(),
                    e.getMethodName(), e.getFileName(), e.getLineNumber());
        }
        t.setStackTrace(marked);
        if (f.cause() != null) {
            Throwable cause = rebuild(f.cause(), origin, loader);
            try {
                t.initCause(cause);
            } catch (IllegalStateException | IllegalArgumentException alreadySet) {
                t.addSuppressed(cause);
            }
        }
        for (RemoteFailure s : f.suppressed()) t.addSuppressed(rebuild(s, origin, loader));
        return t;
    }

    private static Throwable instantiate(RemoteFailure f, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(f.className(), false, loader);
            if (Throwable.class.isAssignableFrom(c)) {
                Constructor<?> k = c.getConstructor(String.class);
                Throwable t = (Throwable) k.newInstance(f.message());
                if (t.getCause() == null && java.util.Objects.equals(t.getMessage(), f.message())) return t;
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException notRebuildable) {
            // fall through
        }
        return new RemoteTaskException(f.className(), f.message());
    }
}
