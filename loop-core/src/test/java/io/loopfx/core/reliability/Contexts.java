package io.loopfx.core.reliability;

import io.loopfx.core.Coroutine;
import io.loopfx.core.ErrorContext;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import io.loopfx.core.contract.LoopRunner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where a call runs, for the reliability tests: in a task of a fresh virtual-clock loop, in a plain callback,
 * on a test thread while the loop runs on another one, on a closed loop. Each context cleans up after itself
 * (cancels the tasks a call left behind, closes the loop) and fails if the loop reported anything unexpected.
 */
final class Contexts {
    private static final long PATIENCE_SECONDS = 30;

    private Contexts() {
    }

    /** A body that returns nothing. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** A call made with a loop at hand. */
    @FunctionalInterface
    interface LoopCall {
        void run(EventLoop loop) throws Throwable;
    }

    /** What a loop's exception handler received, in order; thread-safe. */
    static final class Reports {
        final List<ErrorContext> list = Collections.synchronizedList(new ArrayList<>());

        Reports on(EventLoop loop) {
            loop.setExceptionHandler((l, c) -> list.add(c));
            return this;
        }

        List<ErrorContext> snapshot() {
            synchronized (list) {
                return List.copyOf(list);
            }
        }

        void assertNone(String when) {
            List<ErrorContext> now = snapshot();
            if (!now.isEmpty()) throw new AssertionError("unexpected report(s) to the exception handler " + when + ": " + now);
        }
    }

    static EventLoop closedLoop() {
        EventLoop loop = EventLoop.withVirtualClock();
        loop.close();
        return loop;
    }

    /** Runs {@code body} as a task named 'main' of a fresh virtual-clock loop; returns or throws what it does. */
    static <T> T inTask(Coroutine<T> body) throws Exception {
        EventLoop loop = EventLoop.withVirtualClock();
        Reports reports = new Reports().on(loop);
        try {
            return loop.runUntilComplete(loop.createTask("main", body));
        } finally {
            cancelLeftovers(loop);
            loop.close();
            reports.assertNone("by a task row");
        }
    }

    /** {@link #inTask(Coroutine)} for a body without a result. */
    static void inTask(Body body) throws Exception {
        inTask(() -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code call} in a plain callback (not a task) of a fresh virtual-clock loop and rethrows its failure. */
    static void inCallback(LoopCall call) throws Throwable {
        EventLoop loop = EventLoop.withVirtualClock();
        Reports reports = new Reports().on(loop);
        Throwable[] thrown = {null};
        try {
            loop.callSoon(() -> {
                try {
                    call.run(loop);
                } catch (Throwable t) {
                    thrown[0] = t;
                } finally {
                    loop.stop();
                }
            });
            loop.runForever();
        } finally {
            cancelLeftovers(loop);
            loop.close();
            reports.assertNone("by a callback row");
        }
        if (thrown[0] != null) throw thrown[0];
    }

    /**
     * Runs a thread-host loop ({@link EventLoop#create()}) on another thread, in debug mode if asked (wrong-thread calls are refused in any mode), and makes
     * {@code call} on this thread while it runs.
     */
    static void withLoopOnAnotherThread(boolean debug, LoopCall call) throws Throwable {
        EventLoop loop = EventLoop.create();
        loop.setDebug(debug);
        Reports reports = new Reports().on(loop);
        LoopRunner runner = new LoopRunner(loop, "loop-thread");
        try {
            LoopRunner.callOn(loop, () -> null); // it is running from here on
            call.run(loop);
        } finally {
            LoopRunner.callOn(loop, () -> {
                for (Task<?> t : loop.allTasks()) t.cancel();
                return null;
            });
            for (int i = 0; i < 1000 && !LoopRunner.callOn(loop, () -> loop.allTasks().isEmpty()); i++) {
                Thread.onSpinWait(); // each round trip lets the loop run the cancelled tasks' next steps
            }
            runner.stopAndClose();
            reports.assertNone("by a cross-thread row");
        }
    }

    /** Starts {@code body} as a task on a loop running on another thread and waits until it has started. */
    static <T> T startOn(EventLoop loop, java.util.function.Function<CompletableFuture<T>, Coroutine<?>> body)
            throws Exception {
        CompletableFuture<T> handOff = new CompletableFuture<>();
        loop.submit(body.apply(handOff));
        return handOff.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    /** Cancels the loop's pending tasks and runs it until they are done (bounded), on this thread. */
    static void cancelLeftovers(EventLoop loop) {
        if (loop.isClosed() || loop.isRunning()) return;
        for (Task<?> t : loop.allTasks()) t.cancel();
        for (int i = 0; i < 1000 && !loop.allTasks().isEmpty(); i++) {
            loop.stop();
            loop.runForever(); // stop() first: exactly one iteration
        }
    }
}
