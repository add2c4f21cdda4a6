package io.loopfx.core.process;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * An exception thrown in a worker, as plain data: its class name, message, stack trace, cause and suppressed
 * exceptions. Exceptions cross the process boundary in this form rather than as serialized {@link Throwable}s,
 * so the parent's deserialization filter only ever has to admit this record, strings and
 * {@link StackTraceElement}s, whatever the task threw.
 *
 * @param className  the exception's class name
 * @param message    its message, or null
 * @param stackTrace its stack trace, without the worker's own frames
 * @param cause      its cause, or null
 * @param suppressed its suppressed exceptions
 */
record RemoteFailure(String className, String message, StackTraceElement[] stackTrace, RemoteFailure cause,
                     RemoteFailure[] suppressed) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Describes {@code t}, dropping the frames of the worker's own task loop at the bottom of each trace. */
    static RemoteFailure of(Throwable t) {
        return of(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static RemoteFailure of(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) return null;
        List<RemoteFailure> suppressed = new ArrayList<>();
        for (Throwable s : t.getSuppressed()) {
            RemoteFailure f = of(s, seen);
            if (f != null) suppressed.add(f);
        }
        return new RemoteFailure(t.getClass().getName(), t.getMessage(), withoutWorkerFrames(t.getStackTrace()),
                of(t.getCause(), seen), suppressed.toArray(RemoteFailure[]::new));
    }

    private static StackTraceElement[] withoutWorkerFrames(StackTraceElement[] trace) {
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().equals(WorkerMain.class.getName())) {
                return java.util.Arrays.copyOf(trace, i);
            }
        }
        return trace;
    }

    /** Returns {@code ClassName: message}, as {@link Throwable#toString()} would. */
    @Override
    public String toString() {
        return message == null ? className : className + ": " + message;
    }
}
