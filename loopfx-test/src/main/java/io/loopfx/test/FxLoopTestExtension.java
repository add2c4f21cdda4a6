package io.loopfx.test;

import io.loopfx.core.EventLoop;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;

/**
 * The extension behind {@link FxLoopTest}: starts the JavaFX toolkit if needed, runs the test method as a task
 * of the FX loop on the JavaFX Application Thread, and fails the test on what it leaves behind. Use it through
 * {@code @FxLoopTest}.
 */
public final class FxLoopTestExtension implements InvocationInterceptor, ParameterResolver {

    /** Creates the extension; JUnit does, for {@code @FxLoopTest} methods. */
    public FxLoopTestExtension() {
    }

    /** Starts the toolkit unless it runs; keeps it running when the last window closes (tests open and close many). */
    private static FxEventLoop fxLoop() {
        try {
            Platform.startup(() -> {
            });
        } catch (IllegalStateException alreadyRunning) {
            // started by an earlier test, TestFX, or the application
        }
        Platform.setImplicitExit(false);
        return FxEventLoop.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FxEventLoop.class || type == EventLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fxLoop();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        FxLoopTest settings = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), FxLoopTest.class)
                .orElseThrow(() -> new IllegalStateException("FxLoopTestExtension runs @FxLoopTest methods only; "
                        + "annotate " + context.getRequiredTestMethod().getName() + " with @FxLoopTest instead of @ExtendWith."));
        FxEventLoop loop = fxLoop();
        new TestRun(loop, context.getRequiredTestMethod().getName(), settings.timeout(), settings.realTimeout(),
                "FxLoopTest").run(invocation, loop::submit);
    }
}
