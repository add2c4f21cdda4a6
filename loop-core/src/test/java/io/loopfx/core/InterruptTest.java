package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An interrupt of the thread that runs a thread-host loop ends the run when the loop would next wait: the call
 * throws, the thread keeps its interrupt status, the loop stays open. (Before, a park returned at once while the
 * status was set, and the idle loop spun on a core for ever.)
 */
class InterruptTest {
    /** What a run on another thread ended with, and whether that thread was still interrupted then. */
    private record Ending(Throwable error, boolean stillInterrupted) {
    }

    private static CompletableFuture<Ending> runOnThread(String name, ThrowingRun run, Thread[] thread) {
        CompletableFuture<Ending> ending = new CompletableFuture<>();
        thread[0] = new Thread(() -> {
            Throwable error = null;
            try {
                run.run();
            } catch (Throwable t) {
                error = t;
            }
            ending.complete(new Ending(error, Thread.currentThread().isInterrupted()));
        }, name);
        thread[0].setDaemon(true);
        thread[0].start();
        return ending;
    }

    @FunctionalInterface
    private interface ThrowingRun {
        void run() throws Exception;
    }

    @Test
    void anInterruptEndsRunForeverWhenTheLoopWaitsKeepsTheStatusAndLeavesTheLoopOpen() throws Exception {
        EventLoop loop = EventLoop.create();
        CountDownLatch running = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        Task<?>[] sleeper = new Task<?>[1];
        loop.callSoon(() -> {
            sleeper[0] = loop.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return null;
                } finally {
                    events.add("finally");
                }
            });
            running.countDown();
        });
        Thread[] thread = new Thread[1];
        CompletableFuture<Ending> ending = runOnThread("interrupted-loop", loop::runForever, thread);
        assertTrue(running.await(30, TimeUnit.SECONDS));
        thread[0].interrupt();

        Ending e = ending.get(30, TimeUnit.SECONDS); // before the fix: never, the loop spun
        IllegalStateException error = assertInstanceOf(IllegalStateException.class, e.error());
        assertTrue(error.getMessage().startsWith("runForever() ended"), error.getMessage());
        assertTrue(error.getMessage().contains("'interrupted-loop') was interrupted"), error.getMessage());
        assertTrue(e.stillInterrupted(), "the thread keeps its interrupt status");
        assertFalse(loop.isClosed());
        assertFalse(loop.isRunning());
        assertFalse(sleeper[0].isDone(), "its tasks stay pending");

        // The loop runs again on a thread that is not interrupted, and its task can still end properly.
        loop.runUntilComplete(() -> {
            sleeper[0].cancel();
            assertThrows(CancellationException.class, () -> Async.await(sleeper[0]));
            return null;
        });
        assertEquals(List.of("finally"), events);
        loop.close();
    }

    @Test
    void readyWorkRunsFirstAndOnlyAWaitEndsTheRun() throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            LoopFuture<String> never = loop.createFuture();
            Thread[] thread = new Thread[1];
            CompletableFuture<Ending> ending = runOnThread("interrupted-caller", () -> {
                Thread.currentThread().interrupt();
                // Nothing to wait for: the run completes, interrupt or not.
                seen.add(loop.runUntilComplete(() -> {
                    Async.yieldNow();
                    return "done";
                }));
                seen.add("interrupted: " + Thread.currentThread().isInterrupted());
                loop.runUntilComplete(never); // a wait: the run ends there
            }, thread);
            Ending e = ending.get(30, TimeUnit.SECONDS); // before the fix: never, the loop spun
            assertEquals(List.of("done", "interrupted: true"), seen);
            IllegalStateException error = assertInstanceOf(IllegalStateException.class, e.error());
            assertTrue(error.getMessage().startsWith("runUntilComplete(") && error.getMessage().contains("was interrupted"),
                    error.getMessage());
            assertFalse(never.isDone(), "the future stays pending");
            assertTrue(e.stillInterrupted(), "the status is kept");
        }
    }

    @Test
    void eventLoopRunStillLetsCancelledTasksFinishAfterAnInterruptAndSetsTheStatusAgain() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        Thread[] thread = new Thread[1];
        CompletableFuture<Ending> ending = runOnThread("interrupted-main", () -> EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            loop.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return null;
                } finally {
                    // The clean-up waits for another thread: the loop must park for it, after the interrupt.
                    events.add(Async.await(loop.runInExecutor(null, () -> "cleaned up on the executor")));
                }
            });
            running.countDown();
            Async.sleep(Duration.ofHours(1));
            return null;
        }), thread);
        assertTrue(running.await(30, TimeUnit.SECONDS));
        thread[0].interrupt();

        Ending e = ending.get(30, TimeUnit.SECONDS);
        IllegalStateException error = assertInstanceOf(IllegalStateException.class, e.error());
        assertTrue(error.getMessage().contains("was interrupted"), error.getMessage());
        assertEquals(List.of("cleaned up on the executor"), events, "the cancelled task's finally block ran to its end");
        assertTrue(e.stillInterrupted(), "the status is set again after the clean-up");
    }
}
