package io.loopfx.core.contract;

import io.loopfx.core.EventLoop;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** A daemon thread that runs a loop's {@code runForever} until {@link #stopAndClose()}. */
final class LoopRunner {
    private final EventLoop loop;
    private final Thread thread;
    private volatile Throwable failure;

    LoopRunner(EventLoop loop) {
        this.loop = loop;
        this.thread = new Thread(() -> {
            try {
                loop.runForever();
            } catch (Throwable t) {
                failure = t;
            }
        }, "contract-loop");
        thread.setDaemon(true);
        thread.start();
    }

    void stopAndClose() throws InterruptedException {
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(HostContract.PATIENCE_SECONDS));
        assertFalse(thread.isAlive(), "runForever did not return after stop()");
        loop.close();
        if (failure != null) fail("runForever failed", failure);
    }
}
