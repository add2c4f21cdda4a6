package io.loopfx.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * A {@link EventLoop#runInExecutor} job: the executor runs it, and it is itself the loop future of the job's
 * outcome. The outcome crosses to the loop in one hand-over, with no {@code CompletableFuture} in between (that
 * chain cost a call about 170 bytes and two more completion hops).
 *
 * <p>Cancelling the future before the job starts keeps it from starting (it looks at the future first); once it
 * runs it is not interrupted, and the outcome it computes is dropped, as asyncio drops the result of a cancelled
 * {@code run_in_executor} future.
 */
final class ExecutorJob<T> extends LoopFuture<T> implements Runnable {
    private final Callable<T> fn;
    private T value;       // written by the executor's thread before the hand-over that publishes it
    private Throwable error;

    ExecutorJob(CoreLoop loop, Callable<T> fn) {
        super(loop);
        this.fn = fn;
    }

    /** The job, on the executor's thread. */
    @Override
    public void run() {
        if (isDone()) return; // cancelled before it started
        try {
            value = fn.call();
        } catch (Throwable t) {
            error = t;
        }
        settleOnLoop();
    }

    /** The executor refused the job (any thread): the future fails with the rejection. */
    void rejected(RuntimeException rejection) {
        error = rejection;
        settleOnLoop();
    }

    private void settleOnLoop() {
        loop.post(this::settle); // a closed loop's futures are gone: nobody can observe them
    }

    private void settle() {
        if (isDone()) return; // cancelled meanwhile: the outcome is dropped
        Throwable e = error;
        if (e == null) setResultInternal(value);
        else if (e instanceof CancellationException ce) cancelInternal(ce);
        else setExceptionInternal(e);
    }

    @Override
    String describeForDump() {
        return "executor job " + fn;
    }
}
