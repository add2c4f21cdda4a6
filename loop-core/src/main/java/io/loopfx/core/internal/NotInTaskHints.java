package io.loopfx.core.internal;

import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The {@link NotInTaskHint}s of the bridges present, loaded on first use (an error path: never on a hot path). */
public final class NotInTaskHints {
    private static volatile List<NotInTaskHint> hints;

    private NotInTaskHints() {
    }

    /**
     * Returns the first bridge's explanation of a call of {@code method} outside a task's own code on this thread.
     *
     * @param method the method called, e.g. {@code "sleep"}
     * @return the message, or null if no bridge claims the calling thread
     */
    public static String explain(String method) {
        for (NotInTaskHint hint : hints()) {
            try {
                String message = hint.notInTask(method);
                if (message != null) return message;
            } catch (RuntimeException | LinkageError ignored) {
                // a hint must never hide the error it explains: fall back to the core's message
            }
        }
        return null;
    }

    private static List<NotInTaskHint> hints() {
        List<NotInTaskHint> h = hints;
        if (h == null) {
            try {
                h = ServiceLoader.load(NotInTaskHint.class, NotInTaskHint.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList();
            } catch (ServiceConfigurationError e) {
                h = List.of();
            }
            hints = h;
        }
        return h;
    }
}
