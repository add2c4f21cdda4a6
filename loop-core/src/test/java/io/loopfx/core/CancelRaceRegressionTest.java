package io.loopfx.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A completion on the loop that loses the race to another thread's {@code cancel} returns only once the future is
 * cancelled. Found by the FX fuzz (FxNestedLoopFuzzTest, seed -4204528593468130638, shrunk to a timer that completes a
 * future which the helper thread cancels): {@code setException} returned, having done nothing as documented, while the
 * other thread was still between winning the race and publishing the cancellation, so the future read as pending on
 * the loop thread right after it, and {@code exception()} threw "not ready yet". The other thread is held in that
 * window by a test hook, so the race is hit every time.
 */
class CancelRaceRegressionTest {
    @AfterEach
    void noHook() {
        LoopFuture.cancelRaceHook = null;
    }

    @Test
    void aCompletionThatLosesToACancelFromAnotherThreadReturnsOnlyOnceTheFutureIsCancelled() throws Exception {
        EventLoop loop = EventLoop.withVirtualClock(); // not running: this thread may complete its futures
        LoopFuture<Integer> f = loop.createFuture();
        CountDownLatch inWindow = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LoopFuture.cancelRaceHook = () -> {
            inWindow.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread canceller = new Thread(() -> f.cancel(true), "canceller");
        canceller.start();
        assertTrue(inWindow.await(20, TimeUnit.SECONDS));
        LoopFuture.cancelRaceHook = null;
        // Lets the canceller go on once this thread waits inside setResult for it (or has returned from setResult).
        Thread self = Thread.currentThread();
        AtomicBoolean returned = new AtomicBoolean();
        Thread releaser = new Thread(() -> {
            while (!returned.get() && !waitsForTheCancel(self)) Thread.onSpinWait();
            release.countDown();
        }, "releaser");
        releaser.setDaemon(true);
        releaser.start();
        f.setResult(1); // loses the race: does nothing, as documented
        boolean doneRightAfter = f.isDone();
        returned.set(true);
        release.countDown();
        canceller.join(TimeUnit.SECONDS.toMillis(20));
        loop.close();
        assertTrue(doneRightAfter, "setResult returned while the future still read as pending");
        assertTrue(f.isCancelled());
    }

    private static boolean waitsForTheCancel(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("lostToCancellationFromOtherThread")) return true;
        }
        return false;
    }
}
