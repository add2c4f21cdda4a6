package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** {@link TaskStart#EAGER}: each rule of its documentation, on the virtual clock (and on a host-run thread). */
class EagerTaskTest extends VirtualClockFixture {

    @Test
    void theFirstLinesRunInsideCreateTaskAndTheRestInALaterIteration() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            loop.callSoon(() -> log.add("callback ready before"));
            Task<String> t = loop.createTask("eager", TaskStart.EAGER, () -> {
                log.add("first line");
                Async.sleep(s(1));
                log.add("after the sleep at " + secondsSince(loop, 0) + " s");
                return "done";
            });
            log.add("createTask returned");
            assertFalse(t.isDone());
            assertEquals("done", Async.await(t));
            return null;
        });
        assertEquals(List.of("first line", "createTask returned", "callback ready before", "after the sleep at 1.0 s"), log);
    }

    @Test
    void soonIsWhatCreateTaskAlwaysDid() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            loop.callSoon(() -> log.add("callback ready before"));
            Task<Void> t = loop.createTask("soon", TaskStart.SOON, () -> {
                log.add("first line");
                return null;
            });
            log.add("createTask returned");
            Async.await(t);
            return null;
        });
        assertEquals(List.of("createTask returned", "callback ready before", "first line"), log);
    }

    @Test
    void anAwaitOfADoneFutureDoesNotEndTheEagerPart() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            LoopFuture<String> done = loop.createFuture();
            done.setResult("ready");
            Task<Void> t = loop.createTask("eager", TaskStart.EAGER, () -> {
                log.add(Async.await(done));
                Async.yieldNow();
                log.add("resumed");
                return null;
            });
            log.add("createTask returned");
            Async.await(t);
            return null;
        });
        assertEquals(List.of("ready", "createTask returned", "resumed"), log);
    }

    @Test
    void inTheEagerPartTheLoopAndTheNewTaskAreCurrentAndAfterItTheCallersAgain() throws Exception {
        List<Object> seen = new ArrayList<>();
        loop.runUntilComplete(loop.createTask("caller", () -> {
            Task<Void> t = loop.createTask("eager", TaskStart.EAGER, () -> {
                seen.add(EventLoop.current());
                seen.add(Async.currentTask().name());
                Async.yieldNow();
                seen.add(Async.currentTask().name());
                return null;
            });
            seen.add(Async.currentTask().name());
            Async.await(t);
            return null;
        }));
        assertEquals(List.of(loop, "eager", "caller", "eager"), seen);

        // from a plain callback: no task before, none after
        List<Object> inCallback = new ArrayList<>();
        LoopFuture<Void> finished = loop.createFuture();
        loop.callSoon(() -> {
            loop.createTask("from a callback", TaskStart.EAGER, () -> {
                inCallback.add(Async.currentTask().name());
                return null;
            });
            inCallback.add(String.valueOf(Async.currentTaskOrNull()));
            finished.setResult(null);
        });
        loop.runUntilComplete(finished);
        assertEquals(List.of("from a callback", "null"), inCallback);
    }

    @Test
    void aBodyThatEndsWithoutSuspendingIsDoneOnReturnAndItsDoneCallbacksRunLater() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<Integer> t = loop.createTask("quick", TaskStart.EAGER, () -> 42);
            assertTrue(t.isDone(), "done when createTask returns");
            assertEquals(42, t.result());
            assertFalse(loop.allTasks().contains(t), "no longer a live task");
            t.addDoneCallback(f -> log.add("done callback"));
            log.add("after addDoneCallback");
            Async.yieldNow();
            return null;
        });
        assertEquals(List.of("after addDoneCallback", "done callback"), log);
    }

    @Test
    void aFailureBeforeTheFirstSuspensionIsTheTasksNotTheCallers() throws Exception {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<Integer> t = assertDoesNotThrow(() -> loop.createTask("fails", TaskStart.EAGER, () -> {
                throw boom;
            }));
            assertTrue(t.isDone());
            assertSame(boom, t.exception());
            assertSame(boom, assertThrows(IOException.class, () -> Async.await(t)));
            return null;
        });
        // an unchecked failure does not escape to the callback that created the task either
        List<ErrorContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> reports.add(c));
        LoopFuture<Task<?>> created = loop.createFuture();
        loop.callSoon(() -> {
            created.setResult(loop.createTask("fails too", TaskStart.EAGER, () -> {
                throw new IllegalStateException("unchecked");
            }));
            log.add("the callback went on");
        });
        Task<?> t = loop.runUntilComplete(created);
        assertEquals("unchecked", t.exception().getMessage());
        assertEquals(List.of("the callback went on"), log);
        assertEquals(List.of(), reports, "no callback failed");
    }

    @Test
    void aCancelRequestMadeInTheEagerPartIsDeliveredAtTheFirstAwait() throws Exception {
        List<String> log = new ArrayList<>();
        Task<?>[] t = new Task<?>[1];
        loop.runUntilComplete(() -> {
            LoopFuture<String> never = loop.createFuture();
            t[0] = loop.createTask("self-cancelling", TaskStart.EAGER, () -> {
                try {
                    assertTrue(Async.currentTask().cancel("asked by itself"));
                    log.add("goes on until its await");
                    return Async.await(never);
                } catch (CancellationException e) {
                    log.add("await threw: " + e.getMessage());
                    throw e;
                } finally {
                    log.add("finally");
                }
            });
            log.add("createTask returned");
            assertFalse(t[0].isDone(), "the request waits for the task's first await");
            assertThrows(CancellationException.class, () -> Async.await(t[0]));
            assertTrue(never.isCancelled(), "the awaited future was cancelled, as for any task");
            return null;
        });
        assertEquals(List.of("goes on until its await", "createTask returned", "await threw: asked by itself", "finally"), log);
        assertTrue(t[0].isCancelled());

        Task<Integer> returning = loop.runUntilComplete(() -> loop.createTask("returns", TaskStart.EAGER, () -> {
            Async.currentTask().cancel();
            return 1;
        }));
        assertTrue(returning.isCancelled(), "a request made before the body returned wins, as for any task");
    }

    @Test
    void onALoopThatDoesNotRunYetTheTaskStartsInTheFirstIterationAndACancelBeforeThatSkipsTheBody() throws Exception {
        List<String> log = new ArrayList<>();
        Task<Void> t = loop.createTask("set up early", TaskStart.EAGER, () -> {
            log.add("ran on " + Thread.currentThread().getName() + ", loop " + (EventLoop.current() == loop));
            return null;
        });
        assertEquals(List.of(), log, "the loop does not run on this thread: nothing runs before it does");
        Task<Void> skipped = loop.createTask("cancelled early", TaskStart.EAGER, () -> {
            log.add("must not run");
            return null;
        });
        assertTrue(skipped.cancel());
        loop.runUntilComplete(t);
        assertEquals(List.of("ran on " + Thread.currentThread().getName() + ", loop true"), log);
        assertTrue(skipped.isCancelled());

        // set up from another thread (a loop that does not run has no thread yet): not run there either
        EventLoop other = EventLoop.withVirtualClock();
        try {
            CompletableFuture<Task<String>> made = CompletableFuture.supplyAsync(() -> other.createTask("from elsewhere",
                    TaskStart.EAGER, () -> Thread.currentThread().getName()));
            Task<String> fromElsewhere = made.get(10, TimeUnit.SECONDS);
            assertFalse(fromElsewhere.isDone());
            assertEquals(Thread.currentThread().getName(), other.runUntilComplete(fromElsewhere));
        } finally {
            other.close();
        }
    }

    @Test
    void nestedEagerTasksRunDepthFirstInProgramOrder() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<Void> outer = loop.createTask("outer", TaskStart.EAGER, () -> {
                log.add("outer 1");
                Task<Void> inner = loop.createTask("inner", TaskStart.EAGER, () -> {
                    log.add("inner 1 in " + Async.currentTask().name());
                    Async.yieldNow();
                    log.add("inner 2");
                    return null;
                });
                log.add("outer 2 in " + Async.currentTask().name());
                Async.await(inner);
                log.add("outer 3");
                return null;
            });
            log.add("main");
            Async.await(outer);
            return null;
        });
        assertEquals(List.of("outer 1", "inner 1 in inner", "outer 2 in outer", "main", "inner 2", "outer 3"), log);
    }

    @Test
    void onAThreadItsHostRunsByItselfItIsEagerAlsoOutsideTheLoopsCallbacks() throws Exception {
        // FxAsync.handler's case: a plain event handler of a toolkit thread that runs the loop, no callback running
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> log = new ArrayList<>();
        Thread toolkit = new Thread(() -> {
            try {
                // a toolkit's thread, by hand: everything here runs on it, and the test calls runOnce itself
                HostWakeUpTest.CountingHost host = new HostWakeUpTest.CountingHost();
                CoreLoop hosted = new CoreLoop(host);
                host.driver.runByHost(); // this thread is the toolkit's: the loop is current here from now on
                LoopFuture<String> click = hosted.createFuture();
                Task<Void> t = hosted.createTask("handler", TaskStart.EAGER, () -> {
                    log.add("handler's first line, current loop " + (EventLoop.current() == hosted));
                    log.add("then " + Async.await(click));
                    return null;
                });
                log.add("the handler returned");
                click.setResult("the awaited result");
                while (!t.isDone()) host.driver.runOnce(Long.MAX_VALUE);
                hosted.shutdown();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "toolkit");
        toolkit.start();
        toolkit.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(toolkit.isAlive());
        assertNull(failure.get());
        assertEquals(List.of("handler's first line, current loop true", "the handler returned", "then the awaited result"), log);
    }

    @Test
    void theFirstSuspensionNeedsWhatAnyAwaitNeeds() throws Exception {
        // A monitor the caller holds is on the thread below the task's frames: JDK 24+ suspends the task (the
        // caller's block ends as createTask returns); JDK 21-23 counts every monitor of the thread, refuses the
        // await, and the task stays usable.
        Object lock = new Object();
        String outcome = loop.runUntilComplete(() -> {
            Task<String> t;
            synchronized (lock) {
                t = loop.createTask("under a lock", TaskStart.EAGER, () -> {
                    try {
                        Async.yieldNow();
                        return "suspended";
                    } catch (IllegalStateException pinned) {
                        return "refused: " + pinned.getMessage();
                    }
                });
            }
            return Async.await(t);
        });
        if (Runtime.version().feature() >= 24) assertEquals("suspended", outcome);
        else assertTrue(outcome.startsWith("refused: await in task 'under a lock' cannot suspend"), outcome);
    }
}
