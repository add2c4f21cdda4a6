package io.loopfx.core.sync;

import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;

import java.util.ArrayDeque;

/**
 * A FIFO line of waiting tasks, each represented by a future that is completed to wake it. A woken or
 * cancelled waiter stays in line until its task resumes and leaves (as in asyncio's locks), unless the
 * waker pops it.
 *
 * @param <V> what a wake-up carries
 */
final class Waiters<V> {
    private final ArrayDeque<LoopFuture<V>> line = new ArrayDeque<>();

    /** Adds a new waiter, created on {@code loop}, at the end of the line. */
    LoopFuture<V> join(EventLoop loop) {
        LoopFuture<V> waiter = loop.createFuture();
        line.addLast(waiter);
        return waiter;
    }

    /** Awaits {@code waiter} and takes it out of the line afterwards, however the wait ends. */
    V awaitThenLeave(LoopFuture<V> waiter) {
        try {
            return LoopBinding.await(waiter);
        } finally {
            line.remove(waiter);
        }
    }

    /** Takes {@code waiter} out of the line; false if it was not in it. */
    boolean leave(LoopFuture<V> waiter) {
        return line.remove(waiter);
    }

    /** Wakes the head of the line unless it was woken or cancelled already (asyncio's {@code _wake_up_first}). */
    void wakeHead(V value) {
        LoopFuture<V> head = line.peekFirst();
        if (head != null && !head.isDone()) head.setResult(value);
    }

    /**
     * Wakes up to {@code n} waiters that are neither woken nor cancelled yet, in line order.
     *
     * @return how many were woken
     */
    int wakePending(int n, V value) {
        int woken = 0;
        for (LoopFuture<V> w : line) {
            if (woken >= n) break;
            if (!w.isDone()) {
                w.setResult(value);
                woken++;
            }
        }
        return woken;
    }

    /**
     * Pops waiters off the head until one that is still pending is woken (asyncio's queue {@code _wakeup_next}).
     *
     * @return false if nobody was pending
     */
    boolean popAndWakeNext(V value) {
        LoopFuture<V> w;
        while ((w = line.pollFirst()) != null) {
            if (!w.isDone()) {
                w.setResult(value);
                return true;
            }
        }
        return false;
    }

    /** Pops every waiter and wakes those still pending. */
    void popAndWakeAll(V value) {
        while (popAndWakeNext(value)) {
            // keep going until the line is empty
        }
    }

    /** Returns true if some waiter in line was not cancelled (it is pending, or woken and about to run). */
    boolean anyNotCancelled() {
        for (LoopFuture<V> w : line) {
            if (!w.isCancelled()) return true;
        }
        return false;
    }

    /** Returns the number of waiters in line, woken or cancelled ones that have not left yet included. */
    int size() {
        return line.size();
    }
}
