package io.loopfx.core;

import io.loopfx.core.spi.Host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CompletableFuture} that an event loop completes: what {@link EventLoop#submit} and
 * {@link LoopFuture#toCompletableFuture()} return. Its {@code get()} and {@code join()} (and those of every
 * stage derived from it) refuse to block the loop's own thread while it is pending: only that thread can
 * complete it, so it would wait forever. The same rule as {@link LoopFuture#get()}.
 *
 * @param <T> the value type
 */
final class LoopCompletedFuture<T> extends CompletableFuture<T> {
    private final Host host;

    LoopCompletedFuture(Host host) {
        this.host = host;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseOnLoopThread("get()");
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseOnLoopThread("get(timeout)");
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        refuseOnLoopThread("join()");
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new LoopCompletedFuture<>(host);
    }

    private void refuseOnLoopThread(String call) {
        if (!isDone() && host.isLoopThread()) {
            throw new IllegalStateException(call + " on thread '" + Thread.currentThread().getName() + "' would block "
                    + "the event loop that runs on it, and only that loop can complete this future, so it would wait "
                    + "forever. In a task use Async.await(future); in a callback or handler use "
                    + "thenAccept/whenComplete.");
        }
    }
}
