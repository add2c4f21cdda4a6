package io.loopfx.core.contract;

import io.loopfx.core.EventLoop;

/** The thread host against the host contract. */
class ThreadHostContractTest extends ThreadDrivenContract {
    @Override
    protected EventLoop createLoop() {
        return EventLoop.create();
    }

    @Override
    protected boolean supportsNestedRuns() {
        return false;
    }
}
