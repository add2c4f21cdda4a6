package io.loopfx.core;

import io.loopfx.core.contract.TrivialHost;
import io.loopfx.core.spi.LoopClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What runForever, stop, runUntilComplete, close and shutdown mean: the same on a loop run by a thread and on a
 * loop its host runs by itself (a GUI toolkit's thread, here the trivial host on a thread of the test). These
 * are the meanings the FX loop used to define for itself; they are the core's now.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifecycleSemanticsTest {

    // ------------------------------------------------------------------ stop and runUntilComplete

    @Test
    void stopDoesNotEndARunUntilCompleteAndIsNotRememberedWhileTheLoopRuns() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> f = loop.createFuture();
            loop.callSoon(loop::stop);
            loop.callLater(Duration.ofSeconds(1), () -> f.setResult("done"));
            assertEquals("done", loop.runUntilComplete(f), "stop() ends runForever calls only");
            List<String> ran = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(1), () -> {
                ran.add("timer");
                loop.stop();
            });
            loop.runForever(); // a remembered stop would return after one iteration, before the timer
            assertEquals(List.of("timer"), ran);
        }
    }

    // ------------------------------------------------------------------ shutdown on a thread loop

    @Test
    void shutdownOfAnIdleLoopCancelsTasksRunsTheirFinallyBlocksAndCloses() {
        EventLoop loop = EventLoop.withVirtualClock();
        List<String> log = new ArrayList<>();
        Task<Void> t = loop.createTask("sleeper", () -> {
            try {
                Async.sleep(Duration.ofHours(1));
            } finally {
                log.add("finally");
            }
            return null;
        });
        loop.stop();
        loop.runForever(); // one iteration: the task starts and sleeps
        loop.shutdown();
        assertEquals(List.of("finally"), log);
        assertTrue(t.isCancelled());
        assertTrue(loop.isShutDown());
        assertTrue(loop.isClosed());
        loop.shutdown(); // again: nothing
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> {
        }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void shutdownReportsATaskThatOutlivesTheGracePeriodByName() {
        EventLoop loop = EventLoop.withVirtualClock();
        List<ErrorContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> reports.add(c));
        loop.setShutdownGrace(Duration.ofSeconds(5));
        loop.createTask("stubborn", () -> {
            try {
                Async.sleep(Duration.ofHours(1));
            } catch (CancellationException e) {
                Async.sleep(Duration.ofHours(1)); // cleanup that takes far longer than the grace
            }
            return null;
        });
        loop.stop();
        loop.runForever(); // one iteration: the task starts and sleeps
        long start = loop.time();
        loop.shutdown();
        assertTrue(loop.isClosed());
        long waited = loop.time() - start;
        assertTrue(waited >= Duration.ofSeconds(5).toNanos() && waited < Duration.ofMinutes(1).toNanos(),
                "waited the grace period of the virtual clock, not the hour: " + waited);
        assertTrue(reports.stream().anyMatch(r -> r.message().contains("'stubborn' did not finish within the shutdown "
                + "grace period of 5000 ms")), reports.toString());
    }

    @Test
    void shutdownInsideACallbackOfARunningThreadLoopIsRefusedNamingStop() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            loop.callSoon(() -> {
                try {
                    loop.shutdown();
                } catch (IllegalStateException e) {
                    thrown.set(e);
                }
                loop.stop();
            });
            loop.runForever();
            assertNotNull(thrown.get());
            assertTrue(thrown.get().getMessage().contains("stop()"), thrown.get().getMessage());
            assertFalse(loop.isShutDown(), "refused: nothing was cancelled");
        }
    }

    @Test
    void shutdownFromAnotherThreadWhileAThreadLoopRunsIsRefusedNamingStop() throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            CompletableFuture<Throwable> fromOther = new CompletableFuture<>();
            loop.callSoon(() -> new Thread(() -> {
                try {
                    loop.shutdown();
                    fromOther.complete(null);
                } catch (Throwable e) {
                    fromOther.complete(e);
                }
                loop.stop();
            }).start());
            loop.runForever();
            Throwable e = fromOther.get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("stop()"), e.getMessage());
        }
    }

    @Test
    void callSoonFromAnotherThreadWhileTheLoopRunsIsRefusedAlsoOutsideDebugMode() throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            assertFalse(loop.isDebug());
            CompletableFuture<Throwable> fromOther = new CompletableFuture<>();
            loop.callSoon(() -> new Thread(() -> {
                try {
                    loop.callSoon(() -> {
                    });
                    fromOther.complete(null);
                } catch (Throwable e) {
                    fromOther.complete(e);
                }
                loop.callSoonThreadsafe(loop::stop);
            }).start());
            loop.runForever();
            Throwable e = fromOther.get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("callSoonThreadsafe"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ a loop its host runs by itself

    /** A loop on the trivial host, which a thread of its own runs by itself until the loop is closed. */
    private static final class HostRun implements AutoCloseable {
        final CoreLoop loop;
        final Thread thread;

        HostRun() throws Exception {
            TrivialHost host = new TrivialHost();
            loop = new CoreLoop(host, LoopClock.system(), null, null);
            thread = new Thread(() -> host.runByItself(loop::isClosed), "host-thread");
            thread.start();
            onHost(() -> null); // once this has run, the host runs the loop by itself
        }

        <T> T onHost(Coroutine<T> body) throws Exception {
            return loop.submit(body).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() { // no InterruptedException: see LoopThread.close()
            if (!loop.isClosed()) loop.shutdown();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the host thread to end", e);
            }
            assertFalse(thread.isAlive(), "the host's run ends with the loop");
        }
    }

    @Test
    void aLoopItsHostRunsIsRunningAndCurrentOnTheHostThreadAndCloseIsRefusedNamingShutdown() throws Exception {
        try (HostRun run = new HostRun()) {
            assertTrue(run.loop.isRunning());
            assertSame(run.loop, run.onHost(EventLoop::current));
            IllegalStateException e = assertThrows(IllegalStateException.class, run.loop::close);
            assertTrue(e.getMessage().contains("shutdown()"), e.getMessage());
            assertFalse(run.loop.isClosed());
        }
    }

    @Test
    void offTheHostThreadRunUntilCompleteWaitsForTheFutureAndRunForeverWaitsForStop() throws Exception {
        try (HostRun run = new HostRun()) {
            LoopFuture<String> f = run.onHost(() -> run.loop.createFuture());
            run.loop.callSoonThreadsafe(() -> run.loop.callLater(Duration.ofMillis(5), () -> f.setResult("done")));
            assertEquals("done", run.loop.runUntilComplete(f), "the caller waits; the host runs the loop");
            assertEquals("body", run.loop.runUntilComplete(() -> "body"));
            CountDownLatch returned = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                run.loop.runForever();
                returned.countDown();
            });
            waiter.start();
            while (waiter.getState() != Thread.State.WAITING) Thread.onSpinWait();
            assertEquals(1, returned.getCount(), "runForever off the host thread waits for stop()");
            run.loop.stop();
            assertTrue(returned.await(10, TimeUnit.SECONDS));
        }
    }

    /** An interrupt ends a wait off the host thread as it ends a run on the thread host: ISE, status kept. */
    @Test
    void anInterruptEndsTheWaitsOffTheHostThreadWithTheStatusKept() throws Exception {
        try (HostRun run = new HostRun()) {
            LoopFuture<String> never = run.onHost(() -> run.loop.createFuture());
            for (String call : List.of("runForever()", "runUntilComplete(")) {
                CompletableFuture<Throwable> ended = new CompletableFuture<>();
                Thread waiter = new Thread(() -> {
                    try {
                        if (call.equals("runForever()")) run.loop.runForever();
                        else run.loop.runUntilComplete(never);
                        ended.complete(null);
                    } catch (Throwable e) {
                        ended.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("status lost", e));
                    }
                }, "off-host-waiter");
                waiter.start();
                while (waiter.getState() != Thread.State.WAITING) Thread.onSpinWait();
                waiter.interrupt();
                Throwable e = ended.get(10, TimeUnit.SECONDS);
                assertInstanceOf(IllegalStateException.class, e);
                assertTrue(e.getMessage().startsWith(call) && e.getMessage().contains("'off-host-waiter') was interrupted"),
                        e.getMessage());
            }
            assertTrue(run.loop.isRunning(), "the host goes on running the loop");
            assertFalse(never.isDone());
        }
    }

    @Test
    void shutdownFromAnotherThreadIsHandedToTheHostThreadAndReleasesWaitingCallers() throws Exception {
        HostRun run = new HostRun();
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoopFuture<String> never = run.onHost(() -> {
            run.loop.createTask("worker", () -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                } finally {
                    log.add("finally on " + Thread.currentThread().getName());
                }
                return null;
            });
            return run.loop.createFuture();
        });
        CountDownLatch registered = new CountDownLatch(1);
        run.loop.setOffThreadWaitHook(registered::countDown);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                run.loop.runUntilComplete(never);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertTrue(registered.await(10, TimeUnit.SECONDS));
        run.loop.shutdown();
        assertTrue(run.loop.isClosed());
        assertEquals(List.of("finally on host-thread"), log);
        Throwable e = waiter.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        run.close();
    }

    @Test
    void shutdownCalledByATaskCancelsThatTaskTooAndClosesOnceItHasEnded() throws Exception {
        HostRun run = new HostRun();
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<String> quitter = run.loop.submit(() -> {
            run.loop.createTask("other", () -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                } finally {
                    log.add("other finally");
                }
                return null;
            });
            Async.yieldNow();
            run.loop.shutdown(); // returns to this task once the other one is done
            log.add("shutdown returned");
            try {
                Async.yieldNow();
                log.add("not cancelled?");
            } finally {
                log.add("quitter finally");
            }
            return "unreachable";
        });
        assertThrows(CancellationException.class, () -> quitter.get(10, TimeUnit.SECONDS));
        run.thread.join(10_000);
        assertTrue(run.loop.isClosed());
        assertEquals(List.of("other finally", "shutdown returned", "quitter finally"), log);
        run.close();
    }

    /** A loop class for a host can add methods but not change what an EventLoop method means. */
    @Test
    void everyEventLoopMethodIsFinalInHostedEventLoop() throws Exception {
        List<String> open = new ArrayList<>();
        for (java.lang.reflect.Method m : EventLoop.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
            java.lang.reflect.Method impl = HostedEventLoop.class.getMethod(m.getName(), m.getParameterTypes());
            if (!java.lang.reflect.Modifier.isFinal(impl.getModifiers())) open.add(m.getName());
        }
        assertEquals(List.of(), open);
    }
}
