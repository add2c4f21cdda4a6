package io.loopfx.fx;

import io.loopfx.core.Async;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** submit()'s CompletableFuture refuses to block the FX thread, which alone could complete it. */
class FxSubmitTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void joinAndGetOnTheFxThreadThrowInsteadOfDeadlocking() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        String msg = onFx(() -> {
            CompletableFuture<String> cf = loop.submit(() -> {
                Async.yieldNow();
                return "x";
            });
            IllegalStateException join = assertThrows(IllegalStateException.class, cf::join);
            assertThrows(IllegalStateException.class, cf::get);
            assertThrows(IllegalStateException.class, () -> cf.get(1, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> cf.thenApply(s -> s + "!").join(), "derived stages too");
            return join.getMessage();
        });
        assertTrue(msg.startsWith("join()") && msg.contains("Async.await"), msg);
    }

    @Test
    void offTheFxThreadTheFutureBlocksAsUsualAndKeepsFailuresAndCancellation() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        assertEquals("x!", loop.submit(() -> "x").thenApply(s -> s + "!").get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        CompletableFuture<Object> failing = loop.submit(() -> {
            throw boom;
        });
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        CompletableFuture<Boolean> finallyRan = new CompletableFuture<>();
        CompletableFuture<Object> forever = loop.submit(() -> {
            try {
                Async.await(loop.createFuture());
                return null;
            } finally {
                finallyRan.complete(true);
            }
        });
        waitUntilFx("the task runs", () -> loop.allTasks().size() > 0);
        forever.cancel(false);
        assertTrue(finallyRan.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), "cancelling the future cancels the task");
        // done futures may be read on the FX thread
        CompletableFuture<String> done = loop.submit(() -> "done");
        assertEquals("done", done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals("done", onFx(done::join));
    }
}
