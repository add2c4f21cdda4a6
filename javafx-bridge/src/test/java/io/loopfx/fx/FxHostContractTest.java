package io.loopfx.fx;

import io.loopfx.core.EventLoop;
import io.loopfx.core.HostedEventLoop;
import io.loopfx.core.contract.HostContract;
import io.loopfx.core.internal.VirtualClock;
import io.loopfx.core.spi.LoopClock;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JavaFX host against the host contract: the core loop on the FX host and its nesting guard, nothing of
 * FxEventLoop. Runs on Monocle in {@code mvn verify} and on GTK in the {@code -Pgtk} run.
 */
class FxHostContractTest extends HostContract {
    private FxHost host;

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startToolkit();
    }

    /**
     * Whether the loop under test runs on a virtual clock (as {@code @FxLoopTest(virtualClock = true)}'s does).
     *
     * @return false here: the system clock
     */
    boolean virtualTime() {
        return false;
    }

    @Override
    protected EventLoop createLoop() {
        host = new FxHost(virtualTime());
        return new HostedEventLoop(host, virtualTime() ? new VirtualClock() : LoopClock.system(), new FxNestingGuard(host)) {
        };
    }

    @Override
    protected void startDriving(EventLoop loop) {
        // The FX host drives the loop by itself: every requestRun posts a slice to the FX thread.
    }

    @Override
    protected void stopDrivingAndClose(EventLoop loop) throws Exception {
        FxTestSupport.runFx(() -> {
            host.detach();
            loop.close();
        });
    }

    @Override
    protected boolean supportsNestedRuns() {
        return true;
    }
}
