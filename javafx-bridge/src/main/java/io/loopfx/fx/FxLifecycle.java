package io.loopfx.fx;

import javafx.application.Platform;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Knows whether the JavaFX toolkit runs, and hooks the FX loop's {@link FxEventLoop#shutdown()} into the
 * toolkit's exit.
 *
 * <p>JavaFX has no public "the toolkit is exiting" callback, so this uses two of its internal hooks, reached
 * by reflection (class path: always available; module path: needs
 * {@code --add-exports javafx.graphics/com.sun.javafx.tk=io.loopfx.fx} and
 * {@code --add-opens javafx.graphics/com.sun.javafx.application=io.loopfx.fx}); without them it logs once
 * and the application must call {@code shutdown()} from {@code Application.stop()}.
 * <ul>
 *   <li>{@code Toolkit.addShutdownHook}: called on the FX thread by {@code Toolkit.exit()}, on every path
 *       (Platform.exit, implicit exit when the last window closes, the launcher after
 *       {@code Application.stop()}), after JavaFX has ended all nested event loops and before the FX
 *       thread ends. The loop shuts down there: cancelled tasks run their {@code finally} blocks on the FX
 *       thread, driven in place.</li>
 *   <li>When the toolkit was started with {@code Platform.startup} (no launcher), {@code Platform.exit()}
 *       on the FX thread inside a nested loop deadlocks in {@code PlatformImpl.tkExit} (it waits on the FX
 *       thread for the nested loops to return). A finish listener, registered only when the launcher has
 *       not registered one, takes over {@code Platform.exit()} and implicit exit exactly as JavaFX does
 *       without listeners, except that an exit requested inside a nested loop runs on a helper thread, so
 *       the nested loops can unwind.</li>
 * </ul>
 */
final class FxLifecycle {
    private static final System.Logger LOG = System.getLogger("io.loopfx.fx");
    private static final AtomicBoolean HOOKS_INSTALLED = new AtomicBoolean();
    private static volatile boolean exiting;
    private static volatile boolean exited;
    private static volatile Thread fxThread;

    private FxLifecycle() {
    }

    /** Returns true once the toolkit has exited (or the FX thread is gone). */
    static boolean hasExited() {
        if (exited) return true;
        Thread t = fxThread;
        return t != null && !t.isAlive();
    }

    /** Returns true while the toolkit's exit runs the loop's shutdown. */
    static boolean isExiting() {
        return exiting;
    }

    /**
     * Throws unless the toolkit runs.
     *
     * @throws IllegalStateException naming what to do
     */
    static void checkRunning() {
        if (hasExited()) {
            throw new IllegalStateException("The JavaFX toolkit has exited (Platform.exit() was called or the last "
                    + "window closed), so there is no FX event loop any more. Use an EventLoop.create() loop "
                    + "for work after the UI has gone.");
        }
        if (Platform.isFxApplicationThread()) return;
        try {
            Platform.runLater(() -> {
            });
        } catch (IllegalStateException notStarted) {
            throw new IllegalStateException("The JavaFX toolkit is not running yet, so there is no FX event loop. "
                    + "Start it first: Application.launch(...) (and call FxEventLoop.get() from init(), start() "
                    + "or later) or Platform.startup(...).", notStarted);
        }
    }

    /** FX thread: remembers the thread, and installs the exit hooks once (they shut down the current FX loop). */
    static void watch() {
        fxThread = Thread.currentThread();
        if (HOOKS_INSTALLED.compareAndSet(false, true)) {
            boolean hook = installShutdownHook();
            boolean exit = hook && installSafeExit();
            if (!hook || !exit) {
                LOG.log(System.Logger.Level.INFO, "loopfx cannot " + (hook ? "make Platform.exit() inside nested "
                        + "loops safe" : "observe the JavaFX toolkit's exit") + " (JavaFX internals not accessible; on "
                        + "the module path add --add-exports javafx.graphics/com.sun.javafx.tk=io.loopfx.fx and "
                        + "--add-opens javafx.graphics/com.sun.javafx.application=io.loopfx.fx). Call "
                        + "FxEventLoop.get().shutdown() from Application.stop() so pending tasks are cancelled "
                        + "and their finally blocks run.");
            }
        }
    }

    private static void onToolkitExit() {
        exiting = true;
        try {
            FxEventLoop.onToolkitExit();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "FX event loop shutdown failed during toolkit exit", t);
        } finally {
            exited = true;
            exiting = false;
        }
    }

    private static boolean installShutdownHook() {
        try {
            Class<?> tk = Class.forName("com.sun.javafx.tk.Toolkit");
            Object toolkit = tk.getMethod("getToolkit").invoke(null);
            tk.getMethod("addShutdownHook", Runnable.class).invoke(toolkit, (Runnable) FxLifecycle::onToolkitExit);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "Toolkit.addShutdownHook not accessible", e);
            return false;
        }
    }

    /** Registers the finish listener if no launcher did (see the class comment); true if exit is safe either way. */
    private static boolean installSafeExit() {
        try {
            Class<?> pi = Class.forName("com.sun.javafx.application.PlatformImpl");
            Field registered = pi.getDeclaredField("listenersRegistered");
            registered.setAccessible(true);
            if (((AtomicBoolean) registered.get(null)).get()) return true; // the launcher exits off the FX thread
            Class<?> listenerType = Class.forName("com.sun.javafx.application.PlatformImpl$FinishListener");
            Method tkExit = pi.getMethod("tkExit");
            Object listener = Proxy.newProxyInstance(FxLifecycle.class.getClassLoader(), new Class<?>[]{listenerType},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "exitCalled" -> exitToolkit(tkExit);
                            case "idle" -> {
                                if ((Boolean) args[0]) exitToolkit(tkExit);
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "toString" -> {
                                return "loopfx safe-exit listener";
                            }
                            default -> {
                            }
                        }
                        return null;
                    });
            pi.getMethod("addListener", listenerType).invoke(null, listener);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "PlatformImpl finish listeners not accessible", e);
            return false;
        }
    }

    /** What JavaFX does without listeners, but never blocking the FX thread inside a nested loop. */
    private static void exitToolkit(Method tkExit) {
        Runnable exit = () -> {
            try {
                tkExit.invoke(null);
            } catch (ReflectiveOperationException e) {
                LOG.log(System.Logger.Level.ERROR, "PlatformImpl.tkExit failed", e);
            }
        };
        if (Platform.isFxApplicationThread() && Platform.isNestedLoopRunning()) {
            Thread t = new Thread(exit, "loopfx-exit");
            t.setDaemon(false);
            t.start();
        } else {
            exit.run();
        }
    }
}
