package io.loopfx.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

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
     * Throws a clear error if the engine cannot be used in this JVM.
     *
     * @throws IllegalStateException naming the JVM flag to add
     */
    public static void checkAvailable() {
        if (UNAVAILABLE != null) throw unavailable();
    }

    /**
     * Returns the error that explains why coroutines are unavailable.
     *
     * @return the error, naming the JVM flag to add
     */
    public static IllegalStateException unavailable() {
        return new IllegalStateException("loopfx coroutines need the JDK's continuations "
                + "(jdk.internal.vm.Continuation, JDK 21+), which this JVM does not export. Add the JVM flag\n"
                + "    " + FLAG_CLASSPATH + "    (class path)\n"
                + "    " + FLAG_MODULEPATH + "    (module path)\n"
                + "or the jar manifest line 'Add-Exports: java.base/jdk.internal.vm'. Running on Java "
                + Runtime.version() + ".", UNAVAILABLE);
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
