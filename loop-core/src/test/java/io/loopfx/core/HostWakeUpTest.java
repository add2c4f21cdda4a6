package io.loopfx.core;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopDriver;
import org.junit.jupiter.api.Test;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** A host that does not poll (the FX host) must hear of every callback added outside an iteration. */
class HostWakeUpTest {
    /**
     * Counts wake-up requests; never runs anything by itself. {@code runUntil} runs iterations of the given budget
     * back to back, moving a virtual clock to the next timer when the loop is idle.
     */
    static final class CountingHost implements Host {
        private final long budgetNanos;
        int requests;
        LoopDriver driver;

        CountingHost() {
            this(Long.MAX_VALUE);
        }

        CountingHost(long budgetNanos) {
            this.budgetNanos = budgetNanos;
        }

        @Override
        public void attach(LoopDriver driver) {
            this.driver = driver;
        }

        @Override
        public boolean isLoopThread() {
            return true;
        }

        @Override
        public void requestRun() {
            requests++;
        }

        @Override
        public void wakeAt(long deadlineNanos) {
        }

        @Override
        public void runUntil(BooleanSupplier done, String label) {
            while (!done.getAsBoolean()) {
                long next = driver.runOnce(budgetNanos);
                if (next != LoopDriver.RUN_AGAIN && next != Long.MAX_VALUE) driver.clock().skipTo(next);
            }
        }
    }

    @Test
    void callSoonAndFutureCompletionOutsideAnIterationWakeTheHost() {
        CountingHost host = new CountingHost();
        CoreLoop loop = new CoreLoop(host);
        loop.callSoon(() -> { });
        assertEquals(1, host.requests, "callSoon");
        LoopFuture<String> f = loop.createFuture();
        f.addDoneCallback(x -> { });
        int before = host.requests;
        f.setResult("x"); // e.g. from a plain GUI event handler
        assertTrue(host.requests > before, "completing a future with callbacks must wake the host");
        before = host.requests;
        loop.createTask(() -> null);
        assertTrue(host.requests > before, "starting a task must wake the host");
        assertTrue(host.driver.runOnce(Long.MAX_VALUE) != Long.MAX_VALUE || loop.allTasks().isEmpty(),
                "the task's step ran in that iteration");
    }
}
