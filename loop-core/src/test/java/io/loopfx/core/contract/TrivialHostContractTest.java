package io.loopfx.core.contract;

import io.loopfx.core.EventLoop;
import io.loopfx.core.HostedEventLoop;
import io.loopfx.core.spi.LoopClock;
import io.loopfx.core.spi.NestingGuard;

/** {@link TrivialHost}, with nested runs allowed, against the host contract: a new host is one small class. */
class TrivialHostContractTest extends ThreadDrivenContract {
    /** Allows every nested run. */
    static final NestingGuard NESTING_ALLOWED = new NestingGuard() {
        @Override
        public void checkCanNest(String call) {
        }

        @Override
        public boolean calledByNestedLoop() {
            return false;
        }
    };

    @Override
    protected EventLoop createLoop() {
        return new TrivialLoop();
    }

    /** The loop on the trivial host: the whole of a bridge's loop class, when its host adds no methods. */
    static final class TrivialLoop extends HostedEventLoop {
        TrivialLoop() {
            super(new TrivialHost(), LoopClock.system(), NESTING_ALLOWED);
        }
    }

    @Override
    protected boolean supportsNestedRuns() {
        return true;
    }
}
