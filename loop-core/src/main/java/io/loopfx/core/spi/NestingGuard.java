package io.loopfx.core.spi;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a loop needs to know about nested event loops of a host whose thread runs one of its own (a GUI
 * toolkit: a modal dialog's {@code showAndWait}, or the loop's own {@code runUntilComplete} on that thread).
 * A loop without a guard refuses nested runs; the JavaFX bridge supplies one.
 */
public interface NestingGuard {
    /**
     * Throws if a nested run of the loop ({@code runUntilComplete} or {@code runForever} on the loop thread,
     * inside a callback) must not start now: where the toolkit forbids nested loops (during a JavaFX pulse),
     * or beyond a nesting cap.
     *
     * @param call the call that would nest, e.g. {@code "runUntilComplete"}, for the message
     * @throws IllegalStateException naming what to do instead
     */
    void checkCanNest(String call);

    /**
     * Returns true if the code running now was called by a nested event loop that runs inside the current
     * task's own code (an event handler run by a dialog the task shows): that code is not the task's, so
     * {@code await} must not suspend it. Only called on the loop thread while a task's code runs.
     *
     * @return true if a nested event loop lies between the task's own code and the caller
     */
    boolean calledByNestedLoop();

    /**
     * Returns true if the iteration running now must end after the callback that just ran, leaving the rest for
     * the next run: a nested event loop of the toolkit may be leaving (a dialog was just closed), and the thread
     * must get back to it before another callback blocks in a new one. Called on the loop thread after each
     * callback; keep it cheap.
     *
     * @return true to end the current iteration now
     */
    default boolean endIterationNow() {
        return false;
    }

    /**
     * Walks the calling thread's stack from the caller down to the current task's own code (the frame where
     * the loop entered the task's body) and tells whether any frame on the way matches {@code frame}: the one
     * stack walk a guard needs for {@link #calledByNestedLoop()}. Outside a task's code it walks the whole stack.
     *
     * @param frame the test for a frame, e.g. "is the entry of a nested event loop"
     * @return true if a frame between the caller and the task's own code matches
     * @throws NullPointerException if frame is null
     */
    static boolean anyFrameAboveTaskCode(Predicate<StackWalker.StackFrame> frame) {
        Objects.requireNonNull(frame, "frame");
        return StackWalker.getInstance().walk(frames -> frames
                .takeWhile(f -> !(f.getClassName().equals(TASK_CLASS) && f.getMethodName().equals(TASK_BODY_METHOD)))
                .anyMatch(frame));
    }

    /** The class whose method {@link #TASK_BODY_METHOD} calls a task's own code. */
    String TASK_CLASS = "io.loopfx.core.Task";
    /** The method of {@link #TASK_CLASS} that calls a task's own code. */
    String TASK_BODY_METHOD = "runBody";
}
