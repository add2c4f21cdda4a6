package io.loopfx.core;

import io.loopfx.core.spi.Host;
import io.loopfx.core.spi.LoopClock;
import io.loopfx.core.spi.NestingGuard;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The event loop on a host of your own (a GUI toolkit's thread, say), as a class to extend with what that host
 * adds: the JavaFX bridge's {@code FxEventLoop} is one. It is loopfx's one loop implementation, composed with
 * the given {@link Host}; every {@link EventLoop} method is final, so it means what {@code EventLoop} says on
 * every host, and a subclass only adds methods of its own. Futures and tasks of the loop name the subclass's
 * instance as their {@link LoopFuture#loop()}, and {@link EventLoop#current()} returns it.
 *
 * <pre>{@code
 * final class SwingEventLoop extends HostedEventLoop {
 *     SwingEventLoop() {
 *         super(new EdtHost());        // requestRun: SwingUtilities.invokeLater(driver.runOnce...)
 *     }
 * }
 * }</pre>
 *
 * See {@code docs/architecture.md} for the host contract and a complete host of 60 lines.
 */
public abstract class HostedEventLoop implements EventLoop {
    private final CoreLoop core;

    /**
     * A loop on {@code host} with the system clock; nested runs are refused.
     *
     * @param host the host; it is attached to the loop here
     * @throws IllegalStateException if the JVM was started without the option that lets loopfx use the JDK's
     *                               continuations (the message names it)
     */
    protected HostedEventLoop(Host host) {
        this(host, LoopClock.system(), null);
    }

    /**
     * A loop on {@code host}.
     *
     * @param host         the host; it is attached to the loop here
     * @param clock        the loop's clock
     * @param nestingGuard for a host whose thread runs nested event loops, the guard that says where they are
     *                     allowed; null to refuse nested runs
     * @throws IllegalStateException if the JVM was started without the option that lets loopfx use the JDK's
     *                               continuations (the message names it)
     */
    @SuppressWarnings("this-escape") // the core keeps this as its facade and calls none of its methods meanwhile
    protected HostedEventLoop(Host host, LoopClock clock, NestingGuard nestingGuard) {
        core = new CoreLoop(host, clock, nestingGuard, this);
    }

    /** The loop this one forwards to. */
    final CoreLoop core() {
        return core;
    }

    /** Test hook for the bridges' off-thread wait race: runs between a waiter's registration and its check. */
    final void setOffThreadWaitHook(Runnable hook) {
        core.setOffThreadWaitHook(hook);
    }

    @Override
    public final TaskDump dumpTasks() {
        return core.dumpTasks();
    }

    @Override
    public final long time() {
        return core.time();
    }

    @Override
    public final Handle callSoon(Runnable callback) {
        return core.callSoon(callback);
    }

    @Override
    public final Handle callSoonThreadsafe(Runnable callback) {
        return core.callSoonThreadsafe(callback);
    }

    @Override
    public final void execute(Runnable command) {
        core.execute(command);
    }

    @Override
    public final TimerHandle callLater(Duration delay, Runnable callback) {
        return core.callLater(delay, callback);
    }

    @Override
    public final TimerHandle callAt(long deadlineNanos, Runnable callback) {
        return core.callAt(deadlineNanos, callback);
    }

    @Override
    public final void runForever() {
        core.runForever();
    }

    @Override
    public final void stop() {
        core.stop();
    }

    @Override
    public final boolean isRunning() {
        return core.isRunning();
    }

    @Override
    public final boolean isClosed() {
        return core.isClosed();
    }

    @Override
    public final void close() {
        core.close();
    }

    @Override
    public final void shutdown() {
        core.shutdown();
    }

    @Override
    public final boolean isShutDown() {
        return core.isShutDown();
    }

    @Override
    public final void setShutdownGrace(Duration grace) {
        core.setShutdownGrace(grace);
    }

    @Override
    public final Duration shutdownGrace() {
        return core.shutdownGrace();
    }

    @Override
    public final void setExceptionHandler(ExceptionHandler handler) {
        core.setExceptionHandler(handler);
    }

    @Override
    public final void callExceptionHandler(ErrorContext context) {
        core.callExceptionHandler(context);
    }

    @Override
    public final void setDebug(boolean enabled) {
        core.setDebug(enabled);
    }

    @Override
    public final boolean isDebug() {
        return core.isDebug();
    }

    @Override
    public final void setSlowCallbackThreshold(Duration threshold) {
        core.setSlowCallbackThreshold(threshold);
    }

    @Override
    public final <T> LoopFuture<T> createFuture() {
        return core.createFuture();
    }

    @Override
    public final <T> Task<T> createTask(Coroutine<T> body) {
        return core.createTask(body);
    }

    @Override
    public final <T> Task<T> createTask(String name, Coroutine<T> body) {
        return core.createTask(name, body);
    }

    @Override
    public final <T> Task<T> createTask(String name, TaskStart start, Coroutine<T> body) {
        return core.createTask(name, start, body);
    }

    @Override
    public final <T> T runUntilComplete(LoopFuture<T> future) throws Exception {
        return core.runUntilComplete(future);
    }

    @Override
    public final <T> T runUntilComplete(Coroutine<T> body) throws Exception {
        return core.runUntilComplete(body);
    }

    @Override
    public final <T> LoopFuture<T> runInExecutor(Executor executor, Callable<T> fn) {
        return core.runInExecutor(executor, fn);
    }

    @Override
    public final <T> LoopFuture<T> wrap(CompletionStage<T> stage) {
        return core.wrap(stage);
    }

    @Override
    public final <T> CompletableFuture<T> submit(Coroutine<T> body) {
        return core.submit(body);
    }

    @Override
    public final Set<Task<?>> allTasks() {
        return core.allTasks();
    }

    @Override
    public final void setDefaultExecutor(Executor executor) {
        core.setDefaultExecutor(executor);
    }

    @Override
    public final LoopStats stats() {
        return core.stats();
    }

    @Override
    public final void setExecutorShutdownTimeout(Duration timeout) {
        core.setExecutorShutdownTimeout(timeout);
    }

    @Override
    public String toString() {
        return core.toString();
    }
}
