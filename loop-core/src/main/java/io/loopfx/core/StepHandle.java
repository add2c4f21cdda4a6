package io.loopfx.core;

/**
 * A task's entry in the ready queue, one per task and reused for each of its steps (its start, and each resumption
 * after a yield or a completed await), so that a wake-up allocates nothing. It is also the entry point of the
 * task's continuation: {@link #run()} runs the body.
 *
 * <p>Reuse means that a step taken back (a yield that could not suspend) cannot be cancelled by the shared flag:
 * it is counted instead, and skipped when the queue reaches it. The queue is FIFO and only the loop thread
 * schedules steps, so the entries skipped are the ones taken back.
 */
final class StepHandle extends CallbackHandle implements Runnable {
    private final Task<?> task;
    private short withdrawn; // loop thread only: steps taken back that are still in the queue (a short: 24 bytes)

    StepHandle(Task<?> task) {
        super(null);
        this.task = task;
    }

    /** Takes back the step scheduled last: it will be skipped. Loop thread. */
    void withdraw() {
        withdrawn++;
    }

    @Override
    void fire() {
        if (withdrawn > 0) {
            withdrawn--;
            return;
        }
        task.step();
    }

    /** The continuation's body: the task's coroutine, run once, in its continuation. */
    @Override
    public void run() {
        task.runBody();
    }

    /**
     * Does nothing: the handle is shared by all the task's steps (an error report about a step carries it), so a
     * cancel here would drop the task's later steps too. A task is stopped with {@link Task#cancel()}.
     */
    @Override
    public void cancel() {
    }

    @Override
    boolean dropOnClose() {
        cancelled = true;
        return false; // close() reports the task
    }

    @Override
    public String toString() {
        return "Step[" + task + (cancelled ? ", cancelled]" : "]");
    }
}
