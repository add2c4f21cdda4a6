package io.loopfx.core.sync;

/**
 * An {@link AsyncSemaphore} that refuses to be released more often than it was acquired
 * (asyncio.BoundedSemaphore): {@link #release()} throws once all initial permits are back. That turns a
 * double release, which would silently raise the limit, into an error at the faulty call.
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {
    private final int bound;

    /**
     * Creates a bounded semaphore with {@code permits} free permits, which is also the most it can hold.
     *
     * @param permits the initial and maximum number of permits, 0 or more
     * @throws IllegalArgumentException if permits is negative
     */
    public AsyncBoundedSemaphore(int permits) {
        super(permits, "AsyncBoundedSemaphore");
        this.bound = permits;
    }

    /**
     * Frees a permit and hands it to the first waiter, if any.
     *
     * @throws IllegalStateException if all {@code permits} given to the constructor are free already
     */
    @Override
    public void release() {
        if (available() >= bound) {
            throw new IllegalStateException("AsyncBoundedSemaphore released more often than acquired: all " + bound
                    + " permits are free already. Release once per successful acquire(); withPermit(...) pairs them "
                    + "for you.");
        }
        super.release();
    }
}
