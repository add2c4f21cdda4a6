package io.loopfx.core;

/** A scheduled callback: an entry of the ready queue. */
class CallbackHandle implements Handle {
    final Runnable callback;
    volatile boolean cancelled;

    CallbackHandle(Runnable callback) {
        this.callback = callback;
    }

    void run() {
        callback.run();
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
