package io.loopfx.harness;

import io.loopfx.core.EventLoop;
import io.loopfx.core.HostedEventLoop;
import io.loopfx.core.Coroutine;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopDriver;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The naive bridge: the smallest Quamash-style event loop on the FX thread, for the harness only. It is
 * modelled on quamash's {@code QEventLoop}:
 * <ul>
 *   <li>{@code runForever()} sets a "running" flag and enters a raw nested event loop (Qt: {@code app.exec_()});
 *       on return it clears the flag, a flag and not a count, so an inner call clears it for the outer ones;</li>
 *   <li>{@code stop()} does nothing unless that flag is set, and otherwise leaves the innermost of its nested
 *       loops (Qt: {@code app.exit()}), whoever that loop belongs to;</li>
 *   <li>{@code runUntilComplete(f)} adds a done callback that calls {@code stop()}, runs {@code runForever()}
 *       and throws "Event loop stopped before Future completed." if {@code f} is not done when it returns;</li>
 *   <li>timers are animation key frames, so they fire inside the pulse (as QTimer, Timeline-based
 *       dispatchers and ReactFX do), and each wake-up runs the loop until nothing is ready;</li>
 *   <li>nothing refuses a nested call inside a task, during a pulse or beyond a depth, await does not look for
 *       nested loops, and nothing happens when the toolkit exits.</li>
 * </ul>
 * What it keeps from loop-core (callbacks that never see a task, errors caught per callback, {@code get()}
 * refused on the loop thread) is loop-core's, not the bridge's.
 *
 * <p>loopfx's loop means the same on every host ({@code HostedEventLoop}'s methods are final), so the naive
 * bridge is not a loop class: it is loop-core's loop on the naive host, seen through a proxy that answers
 * {@code runForever}, {@code stop}, {@code runUntilComplete}, {@code submit} and {@code isRunning} the quamash
 * way and passes every other call on.
 */
final class NaiveFxLoop implements InvocationHandler {
    private final ArrayDeque<Object> openLoops = new ArrayDeque<>(); // keys not yet asked to leave, innermost first
    private final EventLoop loop; // loop-core's loop on the naive host
    private final EventLoop proxy;
    private boolean running; // quamash's __is_running

    private NaiveFxLoop() {
        NaiveHost host = new NaiveHost();
        loop = new HostedEventLoop(host) {
        };
        host.loop = loop;
        proxy = (EventLoop) Proxy.newProxyInstance(EventLoop.class.getClassLoader(), new Class<?>[]{EventLoop.class}, this);
    }

    /** A new naive loop. */
    static EventLoop create() {
        return new NaiveFxLoop().proxy;
    }

    /** The naive loop behind {@code loop}, or null if it is not one. */
    static NaiveFxLoop of(EventLoop loop) {
        return loop != null && Proxy.isProxyClass(loop.getClass())
                && Proxy.getInvocationHandler(loop) instanceof NaiveFxLoop naive ? naive : null;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "runForever" -> {
                runForever();
                return null;
            }
            case "stop" -> {
                stop();
                return null;
            }
            case "isRunning" -> {
                return true;
            }
            case "runUntilComplete" -> {
                LoopFuture<?> f = args[0] instanceof LoopFuture<?> future ? future : loop.createTask((Coroutine<?>) args[0]);
                return runUntilComplete(f);
            }
            case "submit" -> {
                return submit((Coroutine<?>) args[0]);
            }
            case "toString" -> {
                return "NaiveFxLoop[" + loop + "]";
            }
            case "hashCode" -> {
                return System.identityHashCode(self);
            }
            case "equals" -> {
                return self == args[0];
            }
            default -> {
                try {
                    return method.invoke(loop, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
    }

    private <T> T runUntilComplete(LoopFuture<T> future) throws Exception {
        Consumer<LoopFuture<T>> stopWhenDone = f -> stop();
        future.addDoneCallback(stopWhenDone);
        try {
            runForever();
        } finally {
            future.removeDoneCallback(stopWhenDone);
        }
        if (!future.isDone()) throw new IllegalStateException("Event loop stopped before Future completed.");
        return future.result();
    }

    /** quamash's run_coroutine_threadsafe hands back a plain future: its result() on the GUI thread blocks it. */
    private <T> CompletableFuture<T> submit(Coroutine<T> body) {
        CompletableFuture<T> plain = new CompletableFuture<>();
        loop.submit(body).whenComplete((value, failure) -> {
            if (failure == null) plain.complete(value);
            else plain.completeExceptionally(failure);
        });
        return plain;
    }

    private void runForever() {
        running = true;
        Object key = new Object();
        openLoops.push(key);
        try {
            Platform.enterNestedEventLoop(key);
        } finally {
            openLoops.remove(key);
            running = false;
        }
    }

    private void stop() {
        if (!running) return;
        Object innermost = openLoops.poll();
        if (innermost != null) Platform.exitNestedEventLoop(innermost, null);
    }

    /** Harness recovery after a hang, FX thread: leaves every nested loop this loop still has open. */
    void leaveAllNestedLoops() {
        for (Object key; (key = openLoops.poll()) != null; ) {
            try {
                Platform.exitNestedEventLoop(key, null);
            } catch (RuntimeException gone) {
                // JavaFX ended it already
            }
        }
    }

    /** One runLater per wake-up and a key frame per timer deadline; each runs the loop until nothing is ready. */
    private static final class NaiveHost implements Host {
        private final AtomicBoolean posted = new AtomicBoolean();
        private LoopDriver driver;
        private EventLoop loop;
        private Timeline timer;

        @Override
        public void attach(LoopDriver driver) {
            this.driver = driver;
        }

        @Override
        public boolean isLoopThread() {
            return Platform.isFxApplicationThread();
        }

        @Override
        public void requestRun() {
            if (!posted.compareAndSet(false, true)) return;
            Platform.runLater(() -> {
                posted.set(false);
                runUntilIdle();
            });
        }

        /**
         * Runs iterations while callbacks are ready; returns the next timer deadline. A timer that fell due
         * meanwhile is left to its key frame, as quamash leaves it to its QTimer: that is what puts task code
         * resumed by a timer inside the pulse.
         */
        private long runUntilIdle() {
            long next;
            do {
                next = driver.runOnce(Long.MAX_VALUE);
            } while (loop.stats().readyCallbacks() > 0);
            return next;
        }

        @Override
        public void wakeAt(long deadlineNanos) {
            if (timer != null) timer.stop();
            timer = null;
            if (deadlineNanos == Long.MAX_VALUE) return;
            // At least 1 ms: a Timeline of zero duration never runs its key frames (Animation.play() finds it not
            // startable and only runs onFinished), so a deadline already passed would never wake the loop. A QTimer
            // of 0 ms fires at the next event loop pass; the next pulse is the Timeline's equivalent.
            double millis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1e6);
            Timeline[] self = new Timeline[1];
            self[0] = new Timeline(new KeyFrame(javafx.util.Duration.millis(millis), e -> {
                long next = runUntilIdle();
                if (timer != self[0]) return; // the loop armed a new one meanwhile
                timer = null;
                // a key frame may fire before the deadline: arm again
                if (next != Long.MAX_VALUE && next != LoopDriver.RUN_AGAIN) wakeAt(next);
            }));
            Timeline t = self[0];
            timer = t;
            t.play();
        }

        @Override
        public void runUntil(BooleanSupplier done, String label) {
            throw new UnsupportedOperationException("the naive loop runs nested loops itself");
        }
    }
}
