package io.loopfx.core.contract;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopDriver;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The smallest host that works (Trio's {@code trivial_guest_run}): "run soon" is a token in a queue, and
 * {@link #runUntil} takes tokens and runs the loop on the calling thread, waiting for the next timer with a
 * timed poll. It runs nested too: {@code runUntil} inside a callback is just another loop over the same queue.
 */
public final class TrivialHost implements Host {
    private final LinkedBlockingQueue<Boolean> runRequests = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    private LoopDriver driver;

    @Override
    public void attach(LoopDriver driver) {
        this.driver = driver;
    }

    @Override
    public boolean isLoopThread() {
        return thread == Thread.currentThread();
    }

    @Override
    public void requestRun() {
        runRequests.offer(Boolean.TRUE); // a token stays until taken: no wake-up can be lost
    }

    @Override
    public void wakeAt(long deadlineNanos) {
        // runUntil waits for the deadline runOnce returns
    }

    /** Runs the loop as a GUI toolkit's thread does: by itself, on the calling thread, until {@code done}. */
    public void runByItself(BooleanSupplier done) {
        driver.runByHost();
        runUntil(done, "the host's own run");
    }

    @Override
    public void runUntil(BooleanSupplier done, String label) {
        Thread previous = thread;
        thread = Thread.currentThread();
        try {
            while (true) {
                long next = driver.runOnce(Long.MAX_VALUE);
                if (done.getAsBoolean()) return;
                if (next == LoopDriver.RUN_AGAIN) continue;
                long wait = next - driver.clock().nanoTime();
                if (wait <= 0 || driver.clock().skipTo(next)) continue;
                if (next == Long.MAX_VALUE) runRequests.take();
                else runRequests.poll(wait, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(label + " was interrupted", e);
        } finally {
            thread = previous;
        }
    }
}
