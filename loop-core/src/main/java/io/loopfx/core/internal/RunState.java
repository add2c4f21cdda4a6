package io.loopfx.core.internal;

import io.loopfx.core.EventLoop;

/**
 * Per-thread record of which loop and which task are running on this thread right now. A plain callback
 * clears {@link #task}, so code it calls can never be taken for the task that happens to be below it on
 * the stack (e.g. one that entered a nested event loop).
 */
public final class RunState {
    private static final ThreadLocal<RunState> STATE = ThreadLocal.withInitial(RunState::new);

    /** The loop running on this thread, or null. */
    public EventLoop loop;
    /** The task whose own code is running on this thread, or null. Typed as Object to keep this package free of the API. */
    public Object task;

    private final Thread owner = Thread.currentThread();

    private RunState() {
    }

    /**
     * Says whether this is the state of the calling thread, so that a loop may keep the state of its thread and
     * skip the thread-local lookup on its hot paths.
     *
     * @return true if the calling thread owns this state
     */
    public boolean isCurrent() {
        return owner == Thread.currentThread();
    }

    /**
     * Returns the calling thread's state.
     *
     * @return the state
     */
    public static RunState current() {
        return STATE.get();
    }
}
