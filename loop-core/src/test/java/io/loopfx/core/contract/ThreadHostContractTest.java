package io.loopfx.core.contract;

import io.loopfx.core.EventLoop;

/** The thread host against the host contract. */
class ThreadHostContractTest extends HostContract {
    private LoopRunner runner;

    @Override
    protected EventLoop createLoop() {
        return EventLoop.create();
    }

    @Override
    protected void startDriving(EventLoop loop) {
        runner = new LoopRunner(loop);
    }

    @Override
    protected void stopDrivingAndClose(EventLoop loop) throws Exception {
        runner.stopAndClose();
    }

    @Override
    protected boolean supportsNestedRuns() {
        return false;
    }
}
