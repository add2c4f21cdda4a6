package io.loopfx.core;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The one shutdown step of every loop: cancel the pending tasks, run the loop until their {@code finally} blocks
 * have run, and report what went wrong to the loop's exception handler: a task that failed with something else
 * than its cancellation, or one still pending when the runner gave up (a grace period). {@code EventLoop.run}
 * and {@code shutdown()} both use it; they differ only in how long they let the loop run (shutdown: a grace period).
 */
final class CancelAndDrain {
    /** Runs the loop on the calling thread until a condition holds, or gives up (e.g. at a deadline). */
    @FunctionalInterface
    interface Runner {
        /**
         * Runs the loop until {@code done} is true, or gives up.
         *
         * @param done the condition
         * @throws Exception if running the loop fails
         */
        void runUntil(BooleanSupplier done) throws Exception;
    }

    private CancelAndDrain() {
    }

    /**
     * Cancels {@code tasks} with {@code why}, runs the loop with {@code runner} until all of them are done, and
     * reports failures and stragglers.
     *
     * @param loop       the tasks' loop, whose exception handler gets the reports
     * @param tasks      the tasks to cancel
     * @param why        the cancellation message
     * @param runner     how to run the loop meanwhile
     * @param giveUpNote what the runner's giving up is called in a straggler's report, e.g. "within the grace period of 5000 ms"
     * @throws Exception if the runner fails
     */
    static void run(EventLoop loop, List<? extends Task<?>> tasks, String why, Runner runner, String giveUpNote)
            throws Exception {
        if (tasks.isEmpty()) return;
        for (Task<?> t : tasks) t.cancel(why);
        runner.runUntil(() -> WaitCondition.met(tasks, WaitMode.ALL_COMPLETED));
        for (Task<?> t : tasks) {
            if (!t.isDone()) {
                loop.callExceptionHandler(new ErrorContext("Task '" + t.name() + "' did not finish " + giveUpNote
                        + "; its finally blocks will not run (awaiting: " + t.waitingOn() + ")", null, null, t));
            } else if (!t.isCancelled() && t.exception() != null) {
                loop.callExceptionHandler(new ErrorContext("Unhandled exception in task '" + t.name() + "' during "
                        + "shutdown", t.exception(), null, t));
            }
        }
    }
}
