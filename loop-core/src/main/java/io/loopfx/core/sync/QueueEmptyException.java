package io.loopfx.core.sync;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link AsyncQueue#getNowait} when the queue has no item for the caller (asyncio.QueueEmpty).
 * Use {@link AsyncQueue#get}, which waits for one, or check {@link AsyncQueue#isEmpty()} first.
 */
public class QueueEmptyException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do instead
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
