package io.loopfx.core;

/** The future a sleeping task waits on; it is its own timer callback, so a sleep costs no extra lambda. */
final class SleepFuture extends LoopFuture<Void> implements Runnable {
    SleepFuture(CoreLoop loop) {
        super(loop);
    }

    @Override
    public void run() {
        if (!isDone()) setResultInternal(null);
    }
}
