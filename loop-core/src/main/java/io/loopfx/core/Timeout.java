package io.loopfx.core;

import io.loopfx.core.internal.Sneaky;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * A deadline for a block of a task's code (asyncio's {@code timeout()} / {@code Timeout}, Python 3.11+).
 * {@link #run(Duration, Body)} runs the block; when the deadline passes first, the task is cancelled, and
 * once the resulting {@link CancellationException} reaches the end of the block it is turned into a
 * {@link TimeoutException}. The block may move the deadline with {@link #reschedule(Duration)}.
 *
 * <p>A cancellation of the task by someone else stays a {@link CancellationException}, even when the
 * deadline also passed meanwhile: like asyncio, the scope counts the task's cancellation requests
 * ({@link Task#cancelling()}) and only claims the one it made itself ({@link Task#uncancel()}).
 *
 * <p>For the common case use {@link Async#withTimeout(Duration, Coroutine)}.
 */
public final class Timeout {
    /**
     * The code a {@link Timeout} scope runs.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the block.
         *
         * @param timeout the scope, to read or move its deadline
         * @return the block's result
         * @throws Exception any failure, which the scope passes on
         */
        T run(Timeout timeout) throws Exception;
    }

    private enum State { ENTERED, EXPIRING, EXPIRED, EXITED }

    private final String label;
    private final Task<?> task;
    private final CoreLoop loop;
    private final long enteredAt;
    private final int cancellingAtEntry;
    private State state = State.ENTERED;
    private long deadline = Long.MAX_VALUE;
    private long expiredAt;
    private Handle handle;

    private Timeout(String label, Task<?> task) {
        this.label = label;
        this.task = task;
        this.loop = task.loop;
        this.enteredAt = loop.time();
        this.cancellingAtEntry = task.cancelling();
    }

    /**
     * Runs {@code body} in the current task with a deadline {@code delay} from now.
     *
     * @param delay how long the body may take; zero or negative expires at the body's first suspension
     * @param body  the block
     * @param <T>   the result type
     * @return the body's result (also when the deadline passed but the body caught the cancellation and
     * returned normally, as in asyncio)
     * @throws TimeoutException      if the deadline passed and the body ended with the cancellation it caused
     * @throws CancellationException if the task was cancelled by someone else
     * @throws Exception             the body's own failure, unchanged (with a suppressed
     *                               {@link TimeoutException} if the deadline had passed)
     * @throws IllegalStateException if not called from a task's own code
     */
    public static <T> T run(Duration delay, Body<T> body) throws Exception {
        return run("Timeout.run", delay, body);
    }

    /** {@link #run(Duration, Body)} with the name of the public entry point, for messages. */
    static <T> T run(String label, Duration delay, Body<T> body) throws Exception {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(body, "body");
        Timeout scope = new Timeout(label, Async.requireTask(label));
        scope.schedule(CoreLoop.saturatedAdd(scope.enteredAt, CoreLoop.saturatedNanos(delay)));
        return scope.execute(body);
    }

    /**
     * Runs {@code body} in the current task with an absolute deadline (asyncio's {@code timeout_at}).
     *
     * @param deadlineNanos the deadline on the loop's clock ({@link EventLoop#time()}); {@link Long#MAX_VALUE}
     *                      means none (yet)
     * @param body          the block
     * @param <T>           the result type
     * @return the body's result
     * @throws TimeoutException      if the deadline passed and the body ended with the cancellation it caused
     * @throws CancellationException if the task was cancelled by someone else
     * @throws Exception             the body's own failure, unchanged
     * @throws IllegalStateException if not called from a task's own code
     */
    public static <T> T runAt(long deadlineNanos, Body<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        Timeout scope = new Timeout("Timeout.runAt", Async.requireTask("Timeout.runAt"));
        scope.schedule(deadlineNanos);
        return scope.execute(body);
    }

    /**
     * Returns the deadline on the loop's clock ({@link EventLoop#time()}), or {@link Long#MAX_VALUE} if none.
     *
     * @return the deadline in nanoseconds
     */
    public long deadline() {
        return deadline;
    }

    /**
     * Returns true once the deadline has passed while the block ran.
     *
     * @return whether the scope expired
     */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Moves the deadline to {@code delay} from now.
     *
     * @param delay the new delay; zero or negative expires at once (at the block's next suspension)
     * @throws IllegalStateException if the scope has expired or its block has ended
     */
    public void reschedule(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        rescheduleAt(CoreLoop.saturatedAdd(loop.time(), CoreLoop.saturatedNanos(delay)));
    }

    /**
     * Moves the deadline to an absolute time on the loop's clock.
     *
     * @param deadlineNanos the new deadline; {@link Long#MAX_VALUE} removes it
     * @throws IllegalStateException if the scope has expired or its block has ended
     */
    public void rescheduleAt(long deadlineNanos) {
        loop.requireLoopContext("Timeout.reschedule");
        if (state != State.ENTERED) {
            throw new IllegalStateException("Cannot reschedule a Timeout that has " + (expired() ? "expired" : "ended")
                    + "; start a new Timeout.run for more work.");
        }
        schedule(deadlineNanos);
    }

    private void schedule(long deadlineNanos) {
        if (handle != null) handle.cancel();
        deadline = deadlineNanos;
        if (deadlineNanos == Long.MAX_VALUE) {
            handle = null;
        } else if (deadlineNanos <= loop.time()) {
            handle = loop.callSoon(this::expire);
        } else {
            handle = loop.callAt(deadlineNanos, this::expire);
        }
    }

    private void expire() {
        handle = null;
        expiredAt = loop.time();
        state = State.EXPIRING;
        task.cancel(label + " expired: the deadline passed");
    }

    private <T> T execute(Body<T> body) throws Exception {
        T value;
        try {
            value = body.run(this);
        } catch (Throwable t) {
            throw Sneaky.rethrow(exit(t));
        }
        exit(null);
        return value;
    }

    /** Ends the scope (asyncio's {@code __aexit__}); returns what the block must end with. */
    private Throwable exit(Throwable error) {
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state != State.EXPIRING) {
            state = State.EXITED;
            return error;
        }
        state = State.EXPIRED;
        // Only if no cancellation request is left beyond those at entry is the cancellation ours to convert.
        if (task.uncancel() <= cancellingAtEntry && error != null) {
            TimeoutException timeout = new TimeoutException(label + " timed out after "
                    + Duration.ofNanos(expiredAt - enteredAt));
            if (error instanceof CancellationException) {
                timeout.initCause(error);
                return timeout;
            }
            error.addSuppressed(timeout);
        }
        return error;
    }

    @Override
    public String toString() {
        return "Timeout[" + state.name().toLowerCase() + (deadline != Long.MAX_VALUE ? ", deadline=" + deadline : "") + "]";
    }
}
