package io.loopfx.core;

/**
 * What an {@link ExceptionHandler} is told about an error (asyncio's exception-handler context).
 *
 * @param message   what happened, in one sentence
 * @param exception the exception, or null when there is none
 * @param handle    the callback that failed, or null
 * @param future    the future or task concerned, or null
 */
public record ErrorContext(String message, Throwable exception, Handle handle, LoopFuture<?> future) {
    /**
     * Creates a context.
     *
     * @throws NullPointerException if message is null
     */
    public ErrorContext {
        java.util.Objects.requireNonNull(message, "message");
    }

    /**
     * Returns the task concerned, or null when the error is not a task's.
     *
     * @return the task, or null
     */
    public Task<?> task() {
        return future instanceof Task<?> t ? t : null;
    }

    /**
     * Returns the message followed by the handle or future it concerns, for a log line. Never throws: if the
     * callback's (or the future's) {@code toString()} fails, the description says so instead, since the error
     * being described must still be reported and the loop must go on.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(message);
        if (handle != null) sb.append(" [handle: ").append(safeToString(handle)).append(']');
        if (future != null) sb.append(" [").append(safeToString(future)).append(']');
        return sb.toString();
    }

    /** {@code String.valueOf(o)}, or a note that its {@code toString()} threw: descriptions of errors must not fail. */
    static String safeToString(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException | StackOverflowError e) {
            return "<toString() threw " + e.getClass().getName() + ">";
        }
    }
}
