package io.loopfx.core;

/** When {@link Async#waitUntil} returns (asyncio's {@code return_when}). */
public enum WaitMode {
    /** As soon as any future is done (succeeded, failed or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any future fails (a cancellation does not count); if none fails, when all are done. */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
