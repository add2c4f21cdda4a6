package io.loopfx.core;

import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The future behind {@link Async#gather} and {@link Async#gatherSettled} (asyncio's {@code _GatheringFuture}).
 * It completes with null once every child is done, or, unless settled, fails as soon as one child fails or
 * is cancelled. Cancelling it cancels the children, and it then ends cancelled only once all of them are
 * done, so the caller's {@code finally} blocks run after the children's.
 */
final class GatheringFuture extends LoopFuture<Void> {
    private final List<? extends LoopFuture<?>> children;
    private final boolean settled;
    private int finished;
    private boolean cancelRequested;
    private String cancelMessage;

    GatheringFuture(CoreLoop loop, List<? extends LoopFuture<?>> children, boolean settled) {
        super(loop);
        this.children = children;
        this.settled = settled;
        LoopOwnedCallback onChildDone = owned(this::childDone); // one for all the children
        for (LoopFuture<?> child : children) child.whenDone(onChildDone);
    }

    /** Cancels the children that are not done; returns false if none could be cancelled (asyncio's rule). */
    @Override
    public boolean cancel(String message) {
        if (!loop.host.isLoopThread()) return handCancelToLoop(message);
        if (isDone()) return false;
        boolean any = false;
        for (LoopFuture<?> child : children) any |= child.cancel(message);
        if (any) {
            cancelRequested = true;
            cancelMessage = message;
        }
        return any;
    }

    private void childDone(LoopFuture<?> child) {
        finished++;
        if (isDone()) {
            // the caller has its outcome already; a later failure is not reported as never retrieved
            if (!child.isCancelled()) child.markRetrieved();
            return;
        }
        // Once the caller cancelled the gather, it ends only when every child has ended (their finally blocks
        // have run), however each ends: the caller's finally blocks run after the children's.
        if (!settled && !cancelRequested) {
            if (child.isCancelled()) {
                cancelInternal(cancellationOf(child));
                return;
            }
            if (!child.succeeded()) {
                setExceptionInternal(child.exception());
                return;
            }
        }
        if (finished == children.size()) {
            if (cancelRequested) {
                cancelInternal(new CancellationException(cancelMessage != null ? cancelMessage : "gather was cancelled"));
            } else {
                setResultInternal(null);
            }
        }
    }

    private static CancellationException cancellationOf(LoopFuture<?> cancelled) {
        try {
            cancelled.result();
        } catch (CancellationException ce) {
            return ce;
        }
        throw new AssertionError("not cancelled: " + cancelled);
    }

    @Override
    String describeForDump() {
        return (settled ? "gatherSettled of " : "gather of ") + children.size() + " (" + finished + " done)";
    }

    @Override
    java.util.Collection<? extends LoopFuture<?>> awaitedForDump() {
        return children;
    }

    @Override
    public String toString() {
        return "GatheringFuture[" + stateString() + ", " + finished + "/" + children.size() + " children done]";
    }
}
