package io.loopfx.core.contract;

import io.loopfx.core.EventLoop;

/** The thread host with a virtual clock against the host contract. */
class VirtualClockContractTest extends ThreadDrivenContract {
    @Override
    protected EventLoop createLoop() {
        return EventLoop.withVirtualClock();
    }

    @Override
    protected boolean supportsNestedRuns() {
        return false;
    }
}
