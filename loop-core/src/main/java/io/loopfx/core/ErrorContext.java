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
     * Returns the message followed by the handle or future it concerns, for a log line.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(message);
        if (handle != null) sb.append(" [handle: ").append(handle).append(']');
        if (future != null) sb.append(" [").append(future).append(']');
        return sb.toString();
    }
}
