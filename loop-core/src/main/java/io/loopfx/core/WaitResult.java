package io.loopfx.core;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@link Async#waitUntil} returns: the futures that were done and those still pending when it returned
 * (asyncio's {@code (done, pending)} pair). Both sets keep the order in which the futures were given, and
 * are unmodifiable.
 *
 * @param done    the futures that are done
 * @param pending the futures that are not done yet; they were not cancelled
 * @param <F>     the future type
 */
public record WaitResult<F extends LoopFuture<?>>(Set<F> done, Set<F> pending) {
    /**
     * Creates a result; the sets are copied, keeping their iteration order.
     *
     * @param done    the futures that are done
     * @param pending the futures that are not done yet
     * @throws NullPointerException if a set is null
     */
    public WaitResult {
        java.util.Objects.requireNonNull(done, "done");
        java.util.Objects.requireNonNull(pending, "pending");
        done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
        pending = Collections.unmodifiableSet(new LinkedHashSet<>(pending));
    }
}
