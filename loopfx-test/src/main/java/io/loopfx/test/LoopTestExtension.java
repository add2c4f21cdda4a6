package io.loopfx.test;

import io.loopfx.core.EventLoop;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

/**
 * The extension behind {@link LoopTest}: runs the test method as a task of a fresh virtual-clock loop, which
 * runs on a thread of its own for the test (so that a real-time timeout can fail a test whose loop is stuck),
 * and fails the test on what it leaves behind. Use it through {@code @LoopTest}.
 */
public final class LoopTestExtension implements InvocationInterceptor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LoopTestExtension.class);

    /** Creates the extension; JUnit does, for {@code @LoopTest} methods. */
    public LoopTestExtension() {
    }

    /** The test's loop, in the method's store (not AutoCloseable: the extension closes it itself). */
    private record Holder(EventLoop loop) {
    }

    private static EventLoop loopOf(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent("loop", k -> new Holder(EventLoop.withVirtualClock()), Holder.class).loop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EventLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return loopOf(context);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        LoopTest settings = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), LoopTest.class)
                .orElseThrow(() -> new IllegalStateException("LoopTestExtension runs @LoopTest methods only; annotate "
                        + context.getRequiredTestMethod().getName() + " with @LoopTest instead of @ExtendWith."));
        EventLoop loop = loopOf(context);
        String name = context.getRequiredTestMethod().getName();
        TestRun run = new TestRun(loop, name, settings.timeout(), settings.realTimeout(), "LoopTest");
        boolean ended = false;
        try {
            run.run(invocation, body -> {
                CompletableFuture<Void> end = new CompletableFuture<>();
                Thread thread = new Thread(() -> {
                    try {
                        end.complete(loop.runUntilComplete(loop.createTask(name, body)));
                    } catch (Throwable t) {
                        end.completeExceptionally(t);
                    }
                }, "loopfx-test " + name);
                thread.setDaemon(true); // a loop stuck in a callback must not keep the JVM alive
                thread.start();
                return end;
            });
            ended = true;
        } finally {
            if (ended || !loop.isRunning()) loop.close();
        }
    }
}
