package io.loopfx.core;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * How one future ended: with a value ({@link Success}) or with a failure ({@link Failure}; a cancellation
 * is a failure whose error is a {@link CancellationException}). {@link Async#gatherSettled} returns these,
 * like asyncio's {@code gather(..., return_exceptions=True)}.
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> {

    /**
     * Returns true if this is a {@link Success}.
     *
     * @return whether the future produced a value
     */
    boolean isSuccess();

    /**
     * Returns the value, or throws the failure unchanged (checked exceptions included).
     *
     * @return the value
     * @throws Exception the failure, or a {@link CancellationException} if the future was cancelled
     */
    T getOrThrow() throws Exception;

    /**
     * The future produced a value.
     *
     * @param value the value (may be null)
     * @param <T>   the value type
     */
    record Success<T>(T value) implements Outcome<T> {
        @Override
        public boolean isSuccess() {
            return true;
        }

        @Override
        public T getOrThrow() {
            return value;
        }
    }

    /**
     * The future failed or was cancelled.
     *
     * @param error the failure; a {@link CancellationException} if the future was cancelled
     * @param <T>   the value type
     */
    record Failure<T>(Throwable error) implements Outcome<T> {
        /**
         * Creates a failure.
         *
         * @param error the failure
         * @throws NullPointerException if error is null
         */
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        /**
         * Returns true if the future was cancelled rather than failing.
         *
         * @return whether the error is a {@link CancellationException}
         */
        public boolean isCancelled() {
            return error instanceof CancellationException;
        }

        @Override
        public boolean isSuccess() {
            return false;
        }

        @Override
        public T getOrThrow() throws Exception {
            if (error instanceof Exception e) throw e;
            if (error instanceof Error e) throw e;
            throw new IllegalStateException("the future failed with a Throwable that is neither an Exception nor an Error", error);
        }
    }
}
