package io.loopfx.fx.internal;

import io.loopfx.fx.FxEventLoop;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The door through which loopfx-test's {@code @FxLoopTest(virtualClock = true)} gives a test an FX loop on a
 * virtual clock: {@code FxEventLoop} hands its (private) factory in here when its class is initialized, so the
 * public API of {@code FxEventLoop} stays free of test-only methods. Exported to {@code io.loopfx.test} only; not API.
 */
public final class FxTestLoops {
    private static volatile Supplier<FxEventLoop> factory;

    private FxTestLoops() {
    }

    /**
     * Called once, by {@code FxEventLoop}'s static initializer.
     *
     * @param virtualLoopFactory shuts the current FX loop down and returns a new one on a virtual clock
     * @throws IllegalStateException if a factory was set already
     */
    public static synchronized void setFactory(Supplier<FxEventLoop> virtualLoopFactory) {
        Objects.requireNonNull(virtualLoopFactory, "virtualLoopFactory");
        if (factory != null) throw new IllegalStateException("The FX loop's test factory is set already.");
        factory = virtualLoopFactory;
    }

    /**
     * Shuts the current FX loop down (cancelling its tasks, as {@code FxEventLoop.shutdown()} does) and makes a
     * new one on a virtual clock the FX loop: {@code FxEventLoop.get()} returns it until it is shut down, and its
     * clock jumps to the next timer whenever it is idle. Call it off the FX thread, with the toolkit running.
     *
     * @return the new FX loop
     * @throws IllegalStateException on the FX thread, or if the toolkit does not run
     */
    public static FxEventLoop replaceWithVirtualClock() {
        initialize(FxEventLoop.class); // its static initializer sets the factory
        return factory.get();
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
