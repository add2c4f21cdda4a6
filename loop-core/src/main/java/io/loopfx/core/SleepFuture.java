package io.loopfx.core;

/** The future a sleeping task waits on; it is its own timer callback, so a sleep costs no extra lambda. */
final class SleepFuture extends LoopFuture<Void> implements Runnable {
    long deadline; // the loop's clock when it ends

    SleepFuture(CoreLoop loop) {
        super(loop);
    }

    @Override
    String describeForDump() {
        return "sleep, " + java.time.Duration.ofNanos(Math.max(0, deadline - loop.time())) + " left";
    }

    @Override
    public void run() {
        if (!isDone()) setResultInternal(null);
    }
}
