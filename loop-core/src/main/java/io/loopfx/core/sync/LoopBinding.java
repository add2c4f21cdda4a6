package io.loopfx.core.sync;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;

/**
 * The loop a primitive serves: the loop of the first task that calls one of its waiting methods
 * (asyncio's {@code _LoopBoundMixin}). Also checks that waiting methods are called by a task.
 */
final class LoopBinding {
    private final String owner;
    private EventLoop loop;

    /**
     * @param owner the primitive's class name, for error messages
     */
    LoopBinding(String owner) {
        this.owner = owner;
    }

    /**
     * Checks that a task of the bound loop calls {@code operation}, binding on the first call.
     *
     * @param operation   the method called, e.g. {@code "acquire()"}
     * @param alternative a method that never waits, to suggest outside tasks, or null
     * @return the calling task's loop
     * @throws IllegalStateException if no task's own code is running, or the task belongs to another loop
     */
    EventLoop enter(String operation, String alternative) {
        Task<?> task = Async.currentTaskOrNull();
        if (task == null) {
            throw new IllegalStateException(owner + "." + operation + " was called outside a task's own code (on "
                    + "thread '" + Thread.currentThread().getName() + "'). It may have to wait, and only a task can "
                    + "wait without blocking the loop: call it inside a task started with loop.createTask(() -> ...)"
                    + (alternative != null ? ", or use " + alternative + ", which never waits." : "."));
        }
        EventLoop taskLoop = task.loop();
        if (loop == null) {
            loop = taskLoop;
        } else if (loop != taskLoop) {
            throw new IllegalStateException(owner + "." + operation + " was called by task '" + task.name()
                    + "' of " + taskLoop + ", but this " + owner + " is bound to " + loop + ", where a task "
                    + "used it first. Each " + owner + " serves one loop: create one per loop.");
        }
        return taskLoop;
    }

    /**
     * Awaits an internal waiter future. Those only ever fail with a {@code CancellationException}, which is
     * unchecked, so callers need not declare {@code throws Exception}.
     */
    static <V> V await(LoopFuture<V> waiter) {
        try {
            return Async.await(waiter);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("internal waiter " + waiter + " failed with a checked exception", e);
        }
    }
}
