package io.loopfx.fx;

import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link CompletableFuture} that {@link FxEventLoop#submit} returns: {@code get()} and {@code join()} on the
 * FX thread while it is pending throw instead of blocking, because the FX loop that would complete it runs on
 * that very thread (the thread would wait forever). Stages derived from it behave the same.
 *
 * @param <T> the value type
 */
final class FxBlockingGuardFuture<T> extends CompletableFuture<T> {
    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseOnFxThread("get()");
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseOnFxThread("get(timeout)");
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        refuseOnFxThread("join()");
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new FxBlockingGuardFuture<>();
    }

    private void refuseOnFxThread(String call) {
        if (!isDone() && Platform.isFxApplicationThread()) {
            throw new IllegalStateException(call + " on the JavaFX Application Thread would block it for a future that "
                    + "the FX event loop completes on this very thread, so it would wait forever. In a task use "
                    + "Async.await(future); in a handler use thenAccept/whenComplete, or FxEventLoop.runUntilComplete.");
        }
    }
}
