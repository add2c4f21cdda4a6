package io.loopfx.core.contract;

import io.loopfx.core.EventLoop;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** A daemon thread that runs a loop's {@code runForever} until {@link #stopAndClose()}. */
public final class LoopRunner {
    private static final long PATIENCE_SECONDS = 30;

    private final EventLoop loop;
    private final Thread thread;
    private volatile Throwable failure;

    /**
     * Starts a thread that runs {@code loop.runForever()}.
     *
     * @param loop the loop
     * @param name the thread's name
     */
    public LoopRunner(EventLoop loop, String name) {
        this.loop = loop;
        this.thread = new Thread(() -> {
            try {
                loop.runForever();
            } catch (Throwable t) {
                failure = t;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code action} as a callback on {@code loop} (sent with callSoonThreadsafe) and returns its result,
     * rethrowing its failure; fails if the loop does not run it in time.
     *
     * @param loop   the loop
     * @param action what to run on it
     * @param <T>    the result type
     * @return the action's result
     * @throws Exception the action's failure, or the wait's
     */
    public static <T> T callOn(EventLoop loop, Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    /**
     * Returns the thread that runs the loop.
     *
     * @return the loop thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Stops the loop (stop() is thread-safe), waits for runForever to return, closes the loop, and fails if
     * runForever threw.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void stopAndClose() throws InterruptedException {
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        assertFalse(thread.isAlive(), "runForever did not return after stop()");
        loop.close();
        if (failure != null) fail("runForever failed", failure);
    }
}
