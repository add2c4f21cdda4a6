package io.loopfx.core;

import java.util.function.Consumer;

/** A done callback of a future, scheduled when the future completes. */
final class DoneCallbackHandle<T> extends CallbackHandle {
    private final Consumer<? super LoopFuture<T>> consumer;
    private final LoopFuture<T> future;

    DoneCallbackHandle(Consumer<? super LoopFuture<T>> consumer, LoopFuture<T> future) {
        super(null);
        this.consumer = consumer;
        this.future = future;
    }

    @Override
    void fire() {
        consumer.accept(future);
    }

    @Override
    boolean dropOnClose() {
        cancelled = true;
        // close() completes links itself; the loop's own bookkeeping is moot once it is closed
        return !(consumer instanceof CompletionLink || consumer instanceof LoopFuture.LoopOwnedCallback);
    }

    @Override
    public String toString() {
        return "DoneCallback[" + consumer + " of " + future + (cancelled ? ", cancelled]" : "]");
    }
}
