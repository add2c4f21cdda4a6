package io.loopfx.core;

/**
 * The body of a task: sequential code that may {@link Async#await await} without blocking the loop thread.
 *
 * @param <T> the result type ({@code Void} and {@code return null} for none)
 */
@FunctionalInterface
public interface Coroutine<T> {
    /**
     * Runs the body. It may throw any exception; the task then fails with it, unchanged.
     *
     * @return the task's result
     * @throws Exception the failure the task completes with
     */
    T run() throws Exception;
}
