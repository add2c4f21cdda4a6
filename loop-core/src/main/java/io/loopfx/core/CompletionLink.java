package io.loopfx.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Completes a {@link CompletableFuture} with the outcome of a {@link LoopFuture} (the done callback behind
 * {@link LoopFuture#toCompletableFuture()} and {@link EventLoop#submit}). The loop keeps every link whose
 * future is still pending, so that {@link EventLoop#close()} can fail it instead of leaving a thread that
 * waits on it blocked forever.
 */
final class CompletionLink<T> implements Consumer<LoopFuture<T>> {
    private final LoopFuture<T> source;
    private final CompletableFuture<? super T> target;

    CompletionLink(LoopFuture<T> source, CompletableFuture<? super T> target) {
        this.source = source;
        this.target = target;
        source.loop.linkOpened(this);
    }

    @Override
    public void accept(LoopFuture<T> done) {
        source.loop.linkClosed(this);
        done.copyOutcomeTo(target);
    }

    /** The loop is closing: hand over the outcome if there is one, else fail the target. */
    void loopClosing() {
        if (source.isDone()) source.copyOutcomeTo(target);
        else target.completeExceptionally(closedError(source.loop, source));
    }

    static IllegalStateException closedError(EventLoop loop, LoopFuture<?> source) {
        return new IllegalStateException("The event loop " + loop + " was closed before " + source + " completed; "
                + "it never will. Keep the loop running (or use EventLoop.run, which cancels and waits for tasks) "
                + "until the work you wait for is done.");
    }

    @Override
    public String toString() {
        return "CompletionLink[" + source + "]";
    }
}
