package io.loopfx.core;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link TaskGroup#run} when children of the group, or its body, failed (asyncio's
 * {@code ExceptionGroup}). {@link #failures()} lists every failure in the order they happened, the body's
 * last; {@link #getCause()} is the first, and the others are attached as suppressed exceptions so that a
 * stack trace shows them all. Cancelled children are not failures.
 */
public final class TaskGroupException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The failures; not serialized faithfully if one of them is not serializable, like any cause. */
    @SuppressWarnings("serial")
    private final List<Throwable> failures;

    /**
     * Creates the exception.
     *
     * @param failures the failures, at least one
     * @throws IllegalArgumentException if failures is empty
     * @throws NullPointerException     if failures or one of them is null
     */
    public TaskGroupException(List<? extends Throwable> failures) {
        super(describe(failures), failures.get(0));
        this.failures = List.copyOf(failures);
        for (Throwable t : this.failures.subList(1, this.failures.size())) addSuppressed(t);
    }

    private static String describe(List<? extends Throwable> failures) {
        Objects.requireNonNull(failures, "failures");
        if (failures.isEmpty()) throw new IllegalArgumentException("a TaskGroupException needs at least one failure");
        int i = 0;
        for (Throwable t : failures) {
            if (t == null) throw new NullPointerException("failures[" + i + "] is null");
            i++;
        }
        return failures.size() == 1 ? "1 failure in a TaskGroup: " + failures.get(0)
                : failures.size() + " failures in a TaskGroup, the first: " + failures.get(0);
    }

    /**
     * Returns every failure, in the order they happened (the body's own failure last).
     *
     * @return an unmodifiable list with at least one element
     */
    public List<Throwable> failures() {
        return failures;
    }
}
