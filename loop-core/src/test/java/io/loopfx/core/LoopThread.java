package io.loopfx.core;

import io.loopfx.core.contract.LoopRunner;
import io.loopfx.core.internal.ThreadHost;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.fail;

/** A loop running {@link EventLoop#runForever} on its own daemon thread, for tests that poke it from outside. */
final class LoopThread implements AutoCloseable {
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);

    final EventLoop loop;
    final Thread thread;
    private final LoopRunner runner;

    LoopThread(EventLoop loop) {
        this.loop = loop;
        this.runner = new LoopRunner(loop, "test-loop");
        this.thread = runner.thread();
    }

    /** Runs {@code action} on the loop thread and returns its result; also proves the loop is running. */
    <T> T call(Callable<T> action) throws Exception {
        return LoopRunner.callOn(loop, action);
    }

    /**
     * Waits until the loop thread is parked by its host (nothing ready, no timer due): not a timing guess,
     * the thread's state and park blocker say so.
     */
    void awaitParked() {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!(thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING)
                || !(LockSupport.getBlocker(thread) instanceof ThreadHost)) {
            if (System.nanoTime() > deadline) fail("the loop thread never parked; state " + thread.getState());
            Thread.onSpinWait();
        }
    }

    /**
     * Stops the loop (stop() is thread-safe), waits for runForever to return, closes the loop. Declares no
     * InterruptedException: a resource whose close() may throw it is a lint warning in every try-with-resources.
     */
    @Override
    public void close() {
        try {
            runner.stopAndClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the loop thread to end", e);
        }
    }
}
