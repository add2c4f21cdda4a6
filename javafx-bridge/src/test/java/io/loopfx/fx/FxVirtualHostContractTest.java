package io.loopfx.fx;

/**
 * The JavaFX host with a virtual clock (the loop of {@code @FxLoopTest(virtualClock = true)}) against the host
 * contract: the clock jumps to the next timer when a slice leaves the loop idle, and no timer thread is involved.
 */
class FxVirtualHostContractTest extends FxHostContractTest {
    @Override
    boolean virtualTime() {
        return true;
    }
}
