package io.loopfx.core.sync;

import io.loopfx.core.EventLoop;

import java.util.concurrent.CancellationException;

/**
 * A flag that tasks can wait for (asyncio.Event): {@link #set()} wakes every task in {@link #waitSet()},
 * and while the flag is set, {@code waitSet()} returns at once. {@link #clear()} lowers it again.
 *
 * <p>The waiting method is called {@code waitSet} because {@code wait} belongs to {@link Object}. See the
 * package documentation for the rules shared by all primitives (task-only waiting, loop binding, threads).
 */
public final class AsyncEvent {
    private final LoopBinding binding = new LoopBinding("AsyncEvent");
    private final Waiters<Void> waiters = new Waiters<>();
    private boolean value;

    /** Creates an event whose flag is not set; it binds to the loop of the first task that calls {@link #waitSet()}. */
    public AsyncEvent() {
    }

    /**
     * Returns true if the flag is set.
     *
     * @return the flag
     */
    public boolean isSet() {
        return value;
    }

    /**
     * Sets the flag and wakes every task waiting for it. Does nothing if it is set already. Tasks woken here
     * return from {@code waitSet()} even if {@link #clear()} is called before they run.
     */
    public void set() {
        if (!value) {
            value = true;
            waiters.wakePending(Integer.MAX_VALUE, null);
        }
    }

    /** Lowers the flag: later calls of {@link #waitSet()} wait until {@link #set()} is called again. */
    public void clear() {
        value = false;
    }

    /**
     * Returns at once if the flag is set; otherwise suspends the calling task until {@link #set()} is called.
     *
     * @throws CancellationException if the task is cancelled while it waits
     * @throws IllegalStateException if not called from a task's own code, or from a task of another loop than
     *                               the one this event is bound to
     */
    public void waitSet() {
        EventLoop loop = binding.enter("waitSet()", "isSet()");
        if (value) return;
        waiters.awaitThenLeave(waiters.join(loop));
    }

    @Override
    public String toString() {
        return "AsyncEvent[" + (value ? "set" : "unset") + (waiters.size() > 0 ? ", waiters=" + waiters.size() : "") + "]";
    }
}
