package io.loopfx.core;

/**
 * Receives the errors a loop cannot hand to anybody else: a callback that threw, a task whose failure
 * nobody retrieved, a task still pending when its loop closed. Set with {@link EventLoop#setExceptionHandler}.
 */
@FunctionalInterface
public interface ExceptionHandler {
    /**
     * Handles one error. Runs on the loop thread; an exception it throws is logged and otherwise ignored.
     *
     * @param loop    the loop that saw the error
     * @param context what happened
     */
    void handle(EventLoop loop, ErrorContext context);
}
