package io.loopfx.noflag;

import io.loopfx.core.EventLoop;
import io.loopfx.core.HostedEventLoop;
import io.loopfx.core.contract.TrivialHost;

import java.util.concurrent.Callable;

/**
 * Run in a child JVM without the --add-exports option by {@code CoroutineFlagTest}: every way to make a loop
 * fails at once. A package of its own, so that it also runs beside loop-core on the module path.
 */
public final class NoFlagMain {
    /** How a line starts when an attempt made a loop, or threw something that is not an exception. */
    static final String UNEXPECTED = "UNEXPECTED: ";

    private NoFlagMain() {
    }

    /**
     * Tries each way to make a loop and prints what happened, one line each: {@code attempt: exception class: message}
     * (the class name lets a test check the exact type).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        attempt("create", EventLoop::create);
        attempt("withVirtualClock", EventLoop::withVirtualClock);
        attempt("run", () -> EventLoop.run(() -> 1));
        attempt("hosted", () -> new HostedEventLoop(new TrivialHost()) {
        });
    }

    private static void attempt(String what, Callable<?> body) {
        try {
            body.call();
            System.out.println(UNEXPECTED + what + " made a loop");
        } catch (Exception e) {
            System.out.println(what + ": " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
