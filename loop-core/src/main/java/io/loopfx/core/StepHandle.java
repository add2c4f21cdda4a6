package io.loopfx.core;

/** A scheduled step of a task: its start, or its resumption after a yield or a completed await. */
final class StepHandle extends CallbackHandle {
    private final Task<?> task;

    StepHandle(Task<?> task) {
        super(null);
        this.task = task;
    }

    @Override
    void run() {
        task.step();
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
