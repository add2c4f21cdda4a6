package io.loopfx.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The coroutine engine: {@code jdk.internal.vm.Continuation}, reached through method handles looked up at
 * run time so that the library compiles with plain {@code --release 21}. Needs the JVM flag
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (or {@code =io.loopfx.core} on the module path).
 */
public final class Continuations {
    /** The flag on the class path. */
    public static final String FLAG_CLASSPATH = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    /** The flag on the module path. */
    public static final String FLAG_MODULEPATH = "--add-exports java.base/jdk.internal.vm=io.loopfx.core";
    /** The jar manifest line that does the same for {@code java -jar}. */
    public static final String MANIFEST_LINE = "Add-Exports: java.base/jdk.internal.vm";
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private static final Object SCOPE;
    private static final MethodHandle NEW;      // (Object scope, Runnable) Object
    private static final MethodHandle RUN;      // (Object) void
    private static final MethodHandle YIELD;    // (Object scope) boolean
    private static final MethodHandle IS_DONE;  // (Object) boolean
    private static final MethodHandle STACK;    // (Object) StackTraceElement[]; null if this JDK has none
    private static final Throwable UNAVAILABLE;

    static {
        Object scope = null;
        MethodHandle create = null, run = null, yield = null, isDone = null, stack = null;
        Throwable failure = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
            scope = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                    .invoke("loopfx");
            create = lookup.findConstructor(contClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            yield = lookup.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            isDone = lookup.findVirtual(contClass, "isDone", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            try {
                stack = lookup.findVirtual(contClass, "getStackTrace", MethodType.methodType(StackTraceElement[].class))
                        .asType(MethodType.methodType(StackTraceElement[].class, Object.class));
            } catch (ReflectiveOperationException noStackTraces) {
                stack = null; // task dumps then show no suspended stacks
            }
        } catch (Throwable t) {
            failure = t;
        }
        SCOPE = scope;
        NEW = create;
        RUN = run;
        YIELD = yield;
        IS_DONE = isDone;
        STACK = stack;
        UNAVAILABLE = failure;
    }

    private Continuations() {
    }

    /**
     * Throws a clear error if the engine cannot be used in this JVM. The first failure in a JVM is also logged
     * once at ERROR (logger {@code io.loopfx.core}), so the one sentence that says what to do shows even where
     * the exception ends up in a long trace or an uncaught-exception handler.
     *
     * @throws IllegalStateException with {@link #unavailableMessage()}
     */
    public static void checkAvailable() {
        if (UNAVAILABLE != null) throw unavailable();
    }

    /**
     * Returns the error that explains why coroutines are unavailable, logging its message once per JVM.
     *
     * @return the error, naming the JVM option to add
     */
    public static IllegalStateException unavailable() {
        String message = unavailableMessage();
        if (LOGGED.compareAndSet(false, true)) {
            System.getLogger("io.loopfx.core").log(System.Logger.Level.ERROR, message);
        }
        return new IllegalStateException(message, UNAVAILABLE);
    }

    /**
     * Returns the one sentence that says why coroutines are unavailable and what to do: the option form that
     * matches how loopfx was loaded (class path or module path) first, then the other forms.
     *
     * @return the message, or null if coroutines are available
     */
    public static String unavailableMessage() {
        if (UNAVAILABLE == null) return null;
        if (UNAVAILABLE instanceof ClassNotFoundException || UNAVAILABLE instanceof NoSuchMethodException) {
            return "loopfx needs the JDK's continuations (jdk.internal.vm.Continuation, OpenJDK/HotSpot 21 or newer), "
                    + "which this JVM (" + System.getProperty("java.vm.name") + " " + Runtime.version()
                    + ") does not have.";
        }
        boolean modulePath = Continuations.class.getModule().isNamed();
        return "loopfx needs the JVM option " + (modulePath ? FLAG_MODULEPATH : FLAG_CLASSPATH) + " (loopfx is on the "
                + (modulePath ? "module path; on the class path use " + FLAG_CLASSPATH
                              : "class path; on the module path use " + FLAG_MODULEPATH)
                + "; for java -jar, the line '" + MANIFEST_LINE + "' in the jar's manifest) to run its tasks on the "
                + "JDK's continuations, which java.base does not export otherwise.";
    }

    /**
     * Creates a continuation that will run {@code body}.
     *
     * @param body the code
     * @return the continuation object
     */
    public static Object create(Runnable body) {
        checkAvailable();
        try {
            return (Object) NEW.invokeExact(SCOPE, body);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * Mounts the continuation and runs it until it yields or ends.
     *
     * @param continuation the continuation
     */
    public static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * Returns true once the continuation's body has ended.
     *
     * @param continuation the continuation
     * @return whether it is done
     */
    public static boolean isDone(Object continuation) {
        try {
            return (boolean) IS_DONE.invokeExact(continuation);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * Suspends the innermost mounted continuation.
     *
     * @throws IllegalStateException "Pinned: ..." when it cannot be suspended (a native frame or, on older
     *                               JDKs, a held monitor on its stack)
     */
    public static void yieldNow() {
        try {
            boolean ignored = (boolean) YIELD.invokeExact(SCOPE);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * Returns the stack of a suspended (unmounted) continuation, innermost frame first: where its body waits.
     * Only the thread that mounts the continuation may call this (the walk mounts it for a moment), and only
     * while it is not mounted.
     *
     * @param continuation the continuation
     * @return its frames, or null if it is mounted, done, or this JDK cannot walk continuations
     */
    public static StackTraceElement[] stackTrace(Object continuation) {
        if (STACK == null) return null;
        try {
            return (StackTraceElement[]) STACK.invokeExact(continuation);
        } catch (IllegalStateException mountedOrDone) {
            return null;
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }
}
