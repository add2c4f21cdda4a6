package io.loopfx.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

/**
 * The iterator behind {@link Async#asCompleted} (asyncio's {@code as_completed}): the i-th future it hands
 * out completes with the outcome of the i-th input to finish, or fails with a {@link TimeoutException} if
 * the deadline passes first. Handing out a future never waits; awaiting it does.
 *
 * @param <T> the value type
 */
final class CompletionOrder<T> implements Iterator<LoopFuture<T>> {
    private final CoreLoop loop;
    private final List<? extends LoopFuture<? extends T>> inputs;
    private final ArrayDeque<LoopFuture<? extends T>> finishedUnclaimed = new ArrayDeque<>();
    private final ArrayDeque<LoopFuture<T>> handedOutWaiting = new ArrayDeque<>();
    @SuppressWarnings("unchecked") // the inputs are futures of T
    private final LoopFuture.LoopOwnedCallback onInputDone = LoopFuture.owned(f -> inputDone((LoopFuture<? extends T>) f));
    private final Duration timeout;
    private int finished;
    private int handedOut;
    private boolean timedOut;
    private TimerHandle timer;

    /** Starts watching; {@code inputs} must be distinct. A null timeout means none. */
    CompletionOrder(CoreLoop loop, List<? extends LoopFuture<? extends T>> inputs, Duration timeout) {
        this.loop = loop;
        this.inputs = inputs;
        this.timeout = timeout;
        for (LoopFuture<? extends T> f : inputs) f.whenDone(onInputDone);
        if (timeout != null && !inputs.isEmpty()) timer = loop.callLater(timeout, this::expire);
    }

    @Override
    public boolean hasNext() {
        return handedOut < inputs.size();
    }

    @Override
    public LoopFuture<T> next() {
        if (!hasNext()) throw new NoSuchElementException("asCompleted has handed out all " + inputs.size() + " futures");
        handedOut++;
        LoopFuture<T> next = new LoopFuture<>(loop);
        if (!finishedUnclaimed.isEmpty()) Futures.copyOutcome(finishedUnclaimed.poll(), next);
        else if (timedOut) next.setExceptionInternal(timeoutError());
        else handedOutWaiting.add(next);
        return next;
    }

    private void inputDone(LoopFuture<? extends T> input) {
        if (timedOut) return;
        finished++;
        if (finished == inputs.size() && timer != null) timer.cancel();
        LoopFuture<T> waiting = handedOutWaiting.poll();
        if (waiting != null) Futures.copyOutcome(input, waiting);
        else finishedUnclaimed.add(input);
    }

    private void expire() {
        timedOut = true;
        for (LoopFuture<? extends T> f : inputs) f.removeWhenDone(onInputDone);
        for (LoopFuture<T> waiting; (waiting = handedOutWaiting.poll()) != null; ) {
            waiting.setExceptionInternal(timeoutError());
        }
    }

    private TimeoutException timeoutError() {
        return new TimeoutException("asCompleted timed out after " + timeout + " with "
                + (inputs.size() - finished) + " of " + inputs.size() + " futures not done");
    }
}
