package io.loopfx.core;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * A future of the loop's own that stands for other futures (a shield's outer future, the signal a wait or a
 * task group awaits): task dumps show what it waits for instead of a bare pending future.
 */
final class SignalFuture<T> extends LoopFuture<T> {
    private final Supplier<String> label;
    private final Supplier<? extends Collection<? extends LoopFuture<?>>> sources;

    SignalFuture(CoreLoop loop, Supplier<String> label, Supplier<? extends Collection<? extends LoopFuture<?>>> sources) {
        super(loop);
        this.label = label;
        this.sources = sources;
    }

    @Override
    String describeForDump() {
        return label.get();
    }

    @Override
    Collection<? extends LoopFuture<?>> awaitedForDump() {
        return sources.get();
    }
}
