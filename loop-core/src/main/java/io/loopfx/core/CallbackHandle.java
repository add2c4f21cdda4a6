package io.loopfx.core;

/** A scheduled callback: an entry of the ready queue. */
class CallbackHandle implements Handle {
    final Runnable callback;
    volatile boolean cancelled;

    CallbackHandle(Runnable callback) {
        this.callback = callback;
    }

    /** Runs what this handle stands for; the loop calls it unless the handle was cancelled. */
    void fire() {
        callback.run();
    }

    /**
     * The loop closed before this handle ran: marks it cancelled and says whether it was work a user gave the
     * loop (counted in close()'s report). Task steps and the loop's own hand-overs are not: close() reports
     * their tasks and links itself.
     *
     * @return true if it counts as a dropped callback
     */
    boolean dropOnClose() {
        cancelled = true;
        return true;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "Handle[" + callback + (cancelled ? ", cancelled]" : "]");
    }
}
