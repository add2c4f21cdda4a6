package io.loopfx.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Structured concurrency for tasks (asyncio's {@code TaskGroup}): {@link #run(Body)} runs a body that
 * starts child tasks with {@link #createTask}, and returns only when every child is done.
 *
 * <pre>{@code
 * TaskGroup.run(g -> {
 *     g.createTask(() -> download(a));
 *     g.createTask(() -> download(b));
 *     return null;
 * });   // both downloads are done here
 * }</pre>
 *
 * <p>The first child failure cancels the other children and the body (the task that called {@code run}),
 * waits for all of them to finish, and then {@code run} throws a {@link TaskGroupException} listing every
 * failure, the body's own included. A cancellation of the calling task cancels the children too and
 * propagates as a {@link CancellationException} once they are done.
 *
 * <p>The scope is a lambda rather than a try-with-resources block because {@code close()} cannot see the
 * exception of the block it closes; the lambda form sees everything, as asyncio's {@code async with} does.
 */
public final class TaskGroup {
    /**
     * The body of a {@link TaskGroup}, run by the calling task.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the body.
         *
         * @param group the group, to start children in
         * @return the body's result, which {@link TaskGroup#run} returns once all children are done
         * @throws Exception any failure; it is reported in the {@link TaskGroupException} with the children's
         */
        T run(TaskGroup group) throws Exception;
    }

    private final Task<?> parent;
    private final CoreLoop loop;
    private final Set<Task<?>> tasks = new LinkedHashSet<>(); // creation order: siblings are cancelled in it
    private final List<Throwable> errors = new ArrayList<>();
    private boolean exiting;
    private boolean aborting;
    private boolean parentCancelRequested;
    private LoopFuture<Void> allChildrenDone;

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.loop = parent.loop;
    }

    /**
     * Runs {@code body} in the current task and waits for every child it (or a child) started.
     *
     * @param body the body
     * @param <T>  the body's result type
     * @return the body's result
     * @throws TaskGroupException    if a child or the body failed; it lists every failure
     * @throws CancellationException if the calling task was cancelled (the children were cancelled and have
     *                               finished)
     * @throws IllegalStateException if not called from a task's own code
     */
    public static <T> T run(Body<T> body) throws TaskGroupException {
        Objects.requireNonNull(body, "body");
        TaskGroup group = new TaskGroup(Async.requireTask("TaskGroup.run"));
        T value = null;
        Throwable bodyError = null;
        try {
            value = body.run(group);
        } catch (Throwable t) {
            bodyError = t;
        }
        group.exit(bodyError);
        return value;
    }

    /**
     * Starts a child task in this group.
     *
     * @param body the child's code
     * @param <R>  its result type
     * @return the child
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure or
     *                               cancellation
     */
    public <R> Task<R> createTask(Coroutine<R> body) {
        return createTask(null, body);
    }

    /**
     * Starts a named child task in this group.
     *
     * @param name the task's name, or null for a generated one
     * @param body the child's code
     * @param <R>  its result type
     * @return the child
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure or
     *                               cancellation
     */
    public <R> Task<R> createTask(String name, Coroutine<R> body) {
        return createTask(name, TaskStart.SOON, body);
    }

    /**
     * Starts a named child task in this group, with a choice of when its body starts, as
     * {@link EventLoop#createTask(String, TaskStart, Coroutine)} has: {@link TaskStart#EAGER} runs the body at once,
     * inside this call, until its first suspension. A child that ends or fails inside this call counts as any
     * child does: its failure cancels the group once this call has returned.
     *
     * @param name  the task's name, or null for a generated one
     * @param start when the body starts
     * @param body  the child's code
     * @param <R>   its result type
     * @return the child; done already if an eager body ended without suspending
     * @throws NullPointerException  if start or body is null
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure or
     *                               cancellation
     */
    public <R> Task<R> createTask(String name, TaskStart start, Coroutine<R> body) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(body, "body");
        loop.requireLoopContext("TaskGroup.createTask");
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException(this + " has finished: its run() returned or is returning. Start the "
                    + "task in a new TaskGroup, or with EventLoop.createTask.");
        }
        if (aborting) {
            throw new IllegalStateException(this + " is shutting down (a child failed, or it was cancelled); it "
                    + "accepts no new tasks.");
        }
        Task<R> task = loop.createTask(name, start, body);
        tasks.add(task);
        task.whenDone(this::childDone);
        return task;
    }

    /**
     * Cancels the group: its children and its body are cancelled, and {@link #run} then returns normally
     * (without a {@link CancellationException}) once they are done, unless some child failed. Does nothing
     * once the group has finished.
     */
    public void cancel() {
        loop.requireLoopContext("TaskGroup.cancel");
        if (exiting && tasks.isEmpty()) return;
        if (!aborting) {
            abort();
            if (!parentCancelRequested) {
                parentCancelRequested = true;
                parent.cancel();
            }
        }
    }

    /** Waits for the children and decides what {@code run} ends with (asyncio's {@code _aexit}). */
    private void exit(Throwable bodyError) throws TaskGroupException {
        exiting = true;
        CancellationException propagateCancellation = bodyError instanceof CancellationException ce ? ce : null;
        if (bodyError != null && !aborting) abort();

        // A loop: the wait may be cancelled more than once if the parent is cancelled repeatedly.
        CancellationException pendingCancellation = null;
        while (!tasks.isEmpty()) {
            if (allChildrenDone == null) allChildrenDone = new SignalFuture<>(loop, this::toString, () -> List.copyOf(tasks));
            try {
                Async.awaitSignal(allChildrenDone);
            } catch (CancellationException ce) {
                pendingCancellation = ce;
                if (!aborting) {
                    // the parent is being cancelled from outside while the children run
                    propagateCancellation = ce;
                    abort();
                }
            }
            allChildrenDone = null;
        }

        if (parentCancelRequested) {
            // our own cancel() of the parent must be withdrawn; what remains is someone else's
            if (parent.uncancel() == 0) {
                propagateCancellation = null;
            } else if (propagateCancellation == null) {
                propagateCancellation = pendingCancellation;
            }
        }
        // Failures take priority over a cancellation.
        if (propagateCancellation != null && errors.isEmpty()) throw propagateCancellation;
        if (bodyError != null && !(bodyError instanceof CancellationException)) errors.add(bodyError);
        if (!errors.isEmpty()) {
            if (parent.cancelling() > 0) {
                // an outside cancellation is still requested: re-arm it so the parent's next await sees it
                parent.uncancel();
                parent.cancel();
            }
            throw new TaskGroupException(errors);
        }
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : new ArrayList<>(tasks)) {
            if (!t.isDone()) t.cancel();
        }
    }

    private void childDone(LoopFuture<?> child) {
        tasks.remove(child);
        if (allChildrenDone != null && tasks.isEmpty() && !allChildrenDone.isDone()) {
            allChildrenDone.setResultInternal(null);
        }
        if (child.isCancelled()) return;
        Throwable error = child.exception();
        if (error == null) return;
        errors.add(error);
        if (parent.isDone()) {
            loop.callExceptionHandler(new ErrorContext("Task " + child + " of a TaskGroup failed after the "
                    + "group's parent task " + parent + " had finished", error, null, child));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // interrupt the body wherever it waits; exit() withdraws this cancellation again
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    @Override
    public String toString() {
        return "TaskGroup[" + (tasks.isEmpty() ? "" : "tasks=" + tasks.size() + ", ")
                + (errors.isEmpty() ? "" : "errors=" + errors.size() + ", ")
                + (aborting ? "cancelling" : exiting ? "exiting" : "entered") + " in task '" + parent.name() + "']";
    }
}
