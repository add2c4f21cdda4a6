package io.loopfx.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;

/** Checks and outcome transfers shared by the toolkit in {@link Async}. */
final class Futures {
    private Futures() {
    }

    /**
     * Copies {@code futures}, checking that none is null and that all belong to {@code loop} (or, if
     * {@code loop} is null, to one loop).
     *
     * @param distinct drop repeated futures (by identity), keeping the first occurrence
     */
    static <F extends LoopFuture<?>> List<F> checkedCopy(Collection<? extends F> futures, CoreLoop loop,
                                                         String method, boolean distinct) {
        Objects.requireNonNull(futures, "futures");
        List<F> copy = new ArrayList<>(futures.size());
        Set<Object> seen = distinct ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
        CoreLoop expected = loop;
        int i = 0;
        for (F f : futures) {
            if (f == null) throw new NullPointerException(method + ": futures[" + i + "] is null");
            if (expected == null) expected = f.loop;
            requireLoop(f, expected, method, "futures[" + i + "]", loop != null ? "the current task" : "futures[0]");
            if (seen == null || seen.add(f)) copy.add(f);
            i++;
        }
        return copy;
    }

    /**
     * Throws if waiting for all of {@code futures} would make {@code caller} wait for itself: one of them is the
     * caller, or a task whose awaits lead (task by task) to the caller. Such a wait could only ever end with
     * another child's failure; until then the caller, and whatever awaits it, hangs.
     */
    static void refuseWaitingForCaller(List<? extends LoopFuture<?>> futures, Task<?> caller, String method) {
        for (int i = 0; i < futures.size(); i++) {
            LoopFuture<?> f = futures.get(i);
            int hops = 0;
            for (LoopFuture<?> w = f; w instanceof Task<?> t; w = t.waitingOn()) {
                if (t == caller) {
                    throw new IllegalStateException(method + ": futures[" + i + "] is " + (hops == 0
                            ? "the calling task '" + caller.name() + "' itself"
                            : "task '" + ((Task<?>) f).name() + "', which awaits the calling task '" + caller.name()
                                    + "' (directly or through other tasks)")
                            + ". The calling task cannot finish while " + method + " waits for it, so " + method
                            + " would wait for itself forever. Leave it out of the futures (loop.allTasks() includes "
                            + "the calling task).");
                }
                if (++hops > 1000) break; // not worth walking further; such a chain is no cycle in practice
            }
        }
    }

    /** Throws if {@code f} does not belong to {@code loop}, naming the argument and whose loop was expected. */
    static void requireLoop(LoopFuture<?> f, CoreLoop loop, String method, String argument, String loopOwner) {
        if (f.loop != loop) {
            throw new IllegalArgumentException(method + ": " + argument + " (" + f + ") belongs to another event loop "
                    + "than " + loopOwner + ". Pass futures of one loop, or await another loop's future through "
                    + "toCompletableFuture().");
        }
    }

    /** Reads the outcome of a done future; its failure counts as retrieved. */
    static <T> Outcome<T> outcomeOf(LoopFuture<? extends T> done) {
        try {
            return new Outcome.Success<>(done.resultOrThrow());
        } catch (Throwable t) {
            return new Outcome.Failure<>(t);
        }
    }

    /** Completes {@code to} like the done {@code from}; the failure counts as retrieved from {@code from}. */
    static <T> void copyOutcome(LoopFuture<? extends T> from, LoopFuture<T> to) {
        T value;
        try {
            value = from.resultOrThrow();
        } catch (CancellationException ce) {
            to.cancelInternal(ce);
            return;
        } catch (Throwable t) {
            to.setExceptionInternal(t);
            return;
        }
        to.setResultInternal(value);
    }

    /** Returns a future that succeeds (with null) once {@code f} is done, and is never failed. */
    static LoopFuture<Void> doneSignal(LoopFuture<?> f) {
        LoopFuture<Void> signal = new SignalFuture<>(f.loop, () -> "the end of " + f.describeForDump(), () -> List.of(f));
        f.whenDone(x -> {
            if (!signal.isDone()) signal.setResultInternal(null);
        });
        return signal;
    }
}
