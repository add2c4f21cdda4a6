package io.loopfx.core.sync;

/**
 * Thrown by an {@link AsyncQueue} that was {@link AsyncQueue#shutdown(boolean) shut down} (asyncio.QueueShutDown,
 * Python 3.13): by every {@code put}, and by {@code get} once no item is left for the caller.
 */
public class QueueShutDownException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
