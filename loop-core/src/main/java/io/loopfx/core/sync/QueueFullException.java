package io.loopfx.core.sync;

/**
 * Thrown by {@link AsyncQueue#putNowait} when the queue has no free slot (asyncio.QueueFull). Use
 * {@link AsyncQueue#put}, which waits for a slot, or check {@link AsyncQueue#isFull()} first.
 */
public class QueueFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do instead
     */
    public QueueFullException(String message) {
        super(message);
    }
}
