package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/** await: values, failures unchanged, loop-thread affinity, misuse. */
class AwaitTest {

    @Test
    void awaitReturnsTheValueOfAFutureCompletedLater() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> f = loop.createFuture();
            loop.callLater(Duration.ofSeconds(5), () -> f.setResult("five"));
            assertEquals("five!", loop.runUntilComplete(() -> Async.await(f) + "!"));
            assertEquals(Duration.ofSeconds(5).toNanos(), loop.time());
        }
    }

    @Test
    void awaitRethrowsACheckedFailureUnchangedSoItCanBeCaught() throws Exception {
        IOException boom = new IOException("disk full");
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> f = loop.createFuture();
            loop.callLater(Duration.ofMillis(1), () -> f.setException(boom));
            Object caught = loop.runUntilComplete(() -> {
                try {
                    return Async.await(f);
                } catch (IOException e) {
                    return e;
                }
            });
            assertSame(boom, caught);
        }
    }

    @Test
    void runUntilCompleteRethrowsTheTaskFailureUnchanged() {
        IOException boom = new IOException("nope");
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            IOException thrown = assertThrows(IOException.class, () -> loop.runUntilComplete(() -> {
                Async.sleep(Duration.ofSeconds(1));
                throw boom;
            }));
            assertSame(boom, thrown);
        }
    }

    @Test
    void awaitOfACompletableFutureFromAWorkerThreadResumesOnTheLoopThread() throws Exception {
        List<Thread> threads = new ArrayList<>();
        String r = EventLoop.run(() -> {
            threads.add(Thread.currentThread());
            String a = Async.await(CompletableFuture.supplyAsync(() -> "a"));
            threads.add(Thread.currentThread());
            String b = Async.await(EventLoop.current().runInExecutor(null, () -> "b"));
            threads.add(Thread.currentThread());
            return a + b;
        });
        assertEquals("ab", r);
        assertEquals(3, threads.size());
        assertTrue(threads.stream().allMatch(t -> t == Thread.currentThread()), "every step runs on the loop thread");
    }

    @Test
    void awaitOfAFailedCompletionStageUnwrapsTheCause() throws Exception {
        IOException boom = new IOException("remote");
        Object r = EventLoop.run(() -> {
            CompletableFuture<String> cf = new CompletableFuture<>();
            EventLoop.current().runInExecutor(null, () -> cf.completeExceptionally(boom));
            try {
                return Async.await(cf.thenApply(s -> s + "?"));
            } catch (IOException e) {
                return e;
            }
        });
        assertSame(boom, r);
    }

    @Test
    void awaitOutsideATaskSaysToStartATask() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> f = loop.createFuture();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.await(f));
            assertTrue(e.getMessage().contains("createTask"), e.getMessage());

            List<Throwable> fromCallback = new ArrayList<>();
            loop.callSoon(() -> {
                try {
                    Async.await(f);
                } catch (Exception ex) {
                    fromCallback.add(ex);
                }
            });
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(1, fromCallback.size());
            assertTrue(fromCallback.get(0).getMessage().contains("plain callback"), fromCallback.get(0).getMessage());
        }
    }

    @Test
    void aCallbackScheduledByATaskIsNotTakenForTheTask() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<Object> seen = new ArrayList<>();
            loop.runUntilComplete(() -> {
                seen.add(Async.currentTask().name());
                EventLoop.current().callSoon(() -> seen.add(Async.currentTaskOrNull()));
                Async.yieldNow();
                return null;
            });
            assertEquals(2, seen.size());
            assertNull(seen.get(1));
        }
    }

    @Test
    void getOnTheLoopThreadThrowsInsteadOfDeadlocking() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> f = loop.createFuture();
            IllegalStateException e = loop.runUntilComplete(() -> {
                try {
                    f.get();
                    return null;
                } catch (IllegalStateException ex) {
                    return ex;
                }
            });
            assertNotNull(e);
            assertTrue(e.getMessage().contains("Async.await"), e.getMessage());
        }
    }

    @Test
    void getFromAnotherThreadWaitsAndWrapsFailuresInExecutionException() throws Exception {
        EventLoop loop = EventLoop.create();
        LoopFuture<String> ok = loop.createFuture();
        LoopFuture<String> bad = loop.createFuture();
        CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
            try {
                return ok.get();
            } catch (Exception e) {
                return e.toString();
            }
        });
        CompletableFuture<Throwable> gotBad = CompletableFuture.supplyAsync(() -> {
            try {
                bad.get();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        loop.callSoon(() -> ok.setResult("yes"));
        loop.callSoon(() -> bad.setException(new IOException("x")));
        loop.runUntilComplete(loop.wrap(CompletableFuture.allOf(got, gotBad)));
        loop.close();
        assertEquals("yes", got.join());
        assertInstanceOf(ExecutionException.class, gotBad.join());
        assertInstanceOf(IOException.class, gotBad.join().getCause());
    }

    @Test
    void runUntilCompleteInsideATaskOfTheSameLoopSaysToAwait() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<String> f = loop.createFuture();
            IllegalStateException e = loop.runUntilComplete(() -> {
                try {
                    EventLoop.current().runUntilComplete(f);
                    return null;
                } catch (IllegalStateException ex) {
                    return ex;
                }
            });
            assertTrue(e.getMessage().contains("Async.await"), e.getMessage());
            assertTrue(e.getMessage().contains("main") || e.getMessage().contains("Task-"), e.getMessage());
        }
    }

    @Test
    void awaitOfAFutureOfAnotherLoopIsRefusedClearly() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock(); EventLoop other = EventLoop.withVirtualClock()) {
            LoopFuture<String> foreign = other.createFuture();
            IllegalArgumentException e = loop.runUntilComplete(() -> {
                try {
                    Async.await(foreign);
                    return null;
                } catch (IllegalArgumentException ex) {
                    return ex;
                }
            });
            assertTrue(e.getMessage().contains("another event loop"), e.getMessage());
        }
    }

    @Test
    void doneCallbacksAreScheduledNeverRunInline() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<Integer> f = loop.createFuture();
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> {
                f.addDoneCallback(x -> log.add("cb " + x.result()));
                f.setResult(7);
                log.add("after setResult");
                f.addDoneCallback(x -> log.add("late cb"));
                log.add("after late add");
            });
            loop.runUntilComplete(f);
            loop.runUntilComplete(() -> {
                Async.yieldNow();
                return null;
            });
            assertEquals(List.of("after setResult", "after late add", "cb 7", "late cb"), log);
        }
    }

    @Test
    void removeDoneCallbackAndDoubleCompletion() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<Integer> f = loop.createFuture();
            java.util.function.Consumer<LoopFuture<Integer>> cb = x -> fail("removed callback ran");
            f.addDoneCallback(cb);
            f.addDoneCallback(cb);
            assertTrue(f.removeDoneCallback(cb));
            assertFalse(f.removeDoneCallback(cb));
            f.setResult(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.setResult(2));
            assertTrue(e.getMessage().contains("already done"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> f.setException(new RuntimeException()));
            assertFalse(f.cancel());
            assertEquals(1, f.result());
            assertThrows(NullPointerException.class, () -> loop.createFuture().setException(null));
        }
    }

    @Test
    void resultOfAPendingFutureSaysItIsNotReady() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<Integer> f = loop.createFuture();
            assertTrue(assertThrows(IllegalStateException.class, f::result).getMessage().contains("not ready"));
            assertThrows(IllegalStateException.class, f::exception);
        }
    }

    @Test
    void toCompletableFutureCarriesTheOutcome() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            LoopFuture<Integer> f = loop.createFuture();
            CompletableFuture<Integer> cf = f.toCompletableFuture();
            LoopFuture<Integer> g = loop.createFuture();
            CompletableFuture<Integer> cg = g.toCompletableFuture();
            loop.callSoon(() -> f.setResult(3));
            loop.callSoon(() -> g.setException(new IOException("g")));
            loop.runUntilComplete(() -> {
                Async.sleep(Duration.ofSeconds(1));
                return null;
            });
            assertEquals(3, cf.join());
            assertInstanceOf(IOException.class, assertThrows(java.util.concurrent.CompletionException.class, cg::join).getCause());
        }
    }
}
