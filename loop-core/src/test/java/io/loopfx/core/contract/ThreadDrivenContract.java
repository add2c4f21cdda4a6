package io.loopfx.core.contract;

import io.loopfx.core.EventLoop;

/** The host contract for hosts driven by a thread that calls {@code runForever} (a {@link LoopRunner}). */
abstract class ThreadDrivenContract extends HostContract {
    private LoopRunner runner;

    @Override
    protected final void startDriving(EventLoop loop) {
        runner = new LoopRunner(loop, "contract-loop");
    }

    @Override
    protected final void stopDrivingAndClose(EventLoop loop) throws Exception {
        runner.stopAndClose();
    }
}
