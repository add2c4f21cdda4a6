package io.loopfx.test;

import io.loopfx.core.EventLoop;
import io.loopfx.fx.FxEventLoop;
import io.loopfx.fx.internal.FxTestLoops;
import javafx.application.Platform;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The extension behind {@link FxLoopTest}: starts the JavaFX toolkit if needed, runs the test method as a task
 * of the FX loop on the JavaFX Application Thread (with {@link FxLoopTest#virtualClock()}, of an FX loop on a
 * virtual clock made for the test), and fails the test on what it leaves behind. Use it through
 * {@code @FxLoopTest}.
 */
public final class FxLoopTestExtension implements InvocationInterceptor, ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FxLoopTestExtension.class);

    /** Creates the extension; JUnit does, for {@code @FxLoopTest} methods. */
    public FxLoopTestExtension() {
    }

    /** The virtual-clock FX loop made for one test, in the method's store; {@code stuck}: its thread never came back. */
    private static final class Virtual {
        final FxEventLoop loop;
        volatile boolean stuck;

        Virtual(FxEventLoop loop) {
            this.loop = loop;
        }
    }

    private static FxLoopTest settings(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        return AnnotationSupport.findAnnotation(method, FxLoopTest.class)
                .orElseThrow(() -> new IllegalStateException("FxLoopTestExtension runs @FxLoopTest methods only; "
                        + "annotate " + method.getName() + " with @FxLoopTest instead of @ExtendWith."));
    }

    /** Starts the toolkit unless it runs; keeps it running when the last window closes (tests open and close many). */
    private static void startToolkit() {
        if (!startedByTestFx()) {
            try {
                Platform.startup(() -> {
                });
            } catch (IllegalStateException alreadyRunning) {
                // started by an earlier test, TestFX, or the application
            }
        }
        Platform.setImplicitExit(false);
    }

    /**
     * With TestFX on the class path, starts the toolkit (or joins a running one) through TestFX's
     * {@code FxToolkit.registerPrimaryStage()}: TestFX tests that ran later in the same JVM on a toolkit that
     * {@code Platform.startup} had started found no popups and their robot's clicks had no effect (seen on
     * Monocle). Reflection, so that loopfx-test does not depend on TestFX.
     */
    private static boolean startedByTestFx() {
        Class<?> toolkit;
        try {
            toolkit = Class.forName("org.testfx.api.FxToolkit", true, FxLoopTestExtension.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError noTestFx) {
            return false;
        }
        try {
            toolkit.getMethod("registerPrimaryStage").invoke(null);
            return true;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("TestFX could not start the JavaFX toolkit for @FxLoopTest: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("TestFX is on the class path but FxToolkit.registerPrimaryStage() cannot be "
                    + "called (" + e + "); @FxLoopTest needs a TestFX version that has it (4.x).", e);
        }
    }

    /** The test's FX loop: the toolkit's, or the one on a virtual clock made for this test (once, on first use). */
    private static FxEventLoop loopOf(ExtensionContext context) {
        startToolkit();
        if (!settings(context).virtualClock()) return FxEventLoop.get();
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent("virtual", k -> new Virtual(FxTestLoops.replaceWithVirtualClock()), Virtual.class)
                .loop;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FxEventLoop.class || type == EventLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return loopOf(context);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        FxLoopTest settings = settings(context);
        FxEventLoop loop = loopOf(context);
        TestRun run = new TestRun(loop, context.getRequiredTestMethod().getName(), settings.timeout(),
                settings.realTimeout(), "FxLoopTest");
        try {
            run.run(invocation, loop::submit);
        } finally {
            Virtual v = context.getStore(NAMESPACE).get("virtual", Virtual.class);
            if (v != null && run.stuck()) v.stuck = true;
        }
    }

    /**
     * Shuts the test's virtual-clock FX loop down, so that the next {@code FxEventLoop.get()} makes one on the
     * system clock; not if the FX thread is stuck in the test's code (the shutdown would wait for it in vain).
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Virtual v = context.getStore(NAMESPACE).remove("virtual", Virtual.class);
        if (v != null && !v.stuck) v.loop.shutdown();
    }
}
