package io.loopfx.core.process;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Work for a {@link ProcessPoolExecutor}: a serializable function whose {@link #compute()} runs in a worker
 * process. Write it as a lambda or a class; what it captures must be serializable too, and so must its result.
 *
 * <pre>{@code
 * ProcessCallable<Long> count = () -> countPrimes(10_000_000);
 * long n = Async.await(loop.runInExecutor(pool, count));   // from a task
 * long m = pool.submit(count).get();                        // from any thread
 * }</pre>
 *
 * <p>Why a type of its own rather than any {@code Callable & Serializable}: {@code EventLoop.runInExecutor}
 * hands its executor a plain {@code Runnable} that calls {@code fn.call()}, so a pool cannot see {@code fn}
 * to ship it. The pool runs that {@code Runnable} on a relay (virtual) thread of this JVM, and the
 * {@link #call()} of a {@code ProcessCallable} notices the relay and sends {@code this} to a worker, waiting
 * for its answer. Called anywhere else, {@code call()} just computes here. {@link ProcessPoolExecutor#submit}
 * takes any serializable {@code Callable}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ProcessCallable<T> extends Callable<T>, Serializable {
    /**
     * The work itself; the pool calls it in a worker process.
     *
     * @return the result, which travels back to the caller by serialization
     * @throws Exception any failure; it comes back with its type, message and stack trace
     */
    T compute() throws Exception;

    /**
     * On a relay thread of a {@link ProcessPoolExecutor} (inside {@code loop.runInExecutor(pool, this)}):
     * runs {@link #compute()} in one of its workers and waits for the result. Anywhere else: calls
     * {@link #compute()} on this thread.
     *
     * @return the result
     * @throws Exception the failure of {@link #compute()}, as rebuilt from the worker, or a
     *                   {@link WorkerDiedException} if its worker died
     */
    @Override
    default T call() throws Exception {
        ProcessPoolExecutor relay = ProcessPoolExecutor.relayOfCurrentThread();
        return relay == null ? compute() : relay.callInWorker(this);
    }
}
