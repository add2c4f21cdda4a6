package io.loopfx.core.sync;

import io.loopfx.core.Async;
import io.loopfx.core.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;

import static io.loopfx.core.sync.VirtualLoop.run;
import static io.loopfx.core.sync.VirtualLoop.seconds;
import static io.loopfx.core.sync.VirtualLoop.settle;
import static io.loopfx.core.sync.VirtualLoop.start;
import static org.junit.jupiter.api.Assertions.*;

class AsyncQueueTest {

    private static <T> List<T> drain(AsyncQueue<T> queue) {
        List<T> out = new ArrayList<>();
        while (!queue.isEmpty()) out.add(queue.getNowait());
        return out;
    }

    private static Task<Object> getter(AsyncQueue<?> queue, String name) {
        return start(name, queue::get);
    }

    @Test
    void producerAndConsumerWithMaxSize() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            AsyncQueue<Integer> queue = AsyncQueue.fifo(2);
            Task<Void> producer = start("producer", () -> {
                for (int i = 1; i <= 6; i++) {
                    queue.put(i);
                    assertTrue(queue.size() <= 2, "never more than maxSize items");
                    log.add("put" + i + "@" + seconds());
                }
                return null;
            });
            Task<Void> consumer = start("consumer", () -> {
                for (int i = 1; i <= 6; i++) {
                    Async.sleep(Duration.ofSeconds(1));
                    log.add("got" + queue.get() + "@" + seconds());
                    Async.sleep(Duration.ofSeconds(1));   // processing
                    queue.taskDone();
                }
                return null;
            });
            settle();
            assertTrue(queue.isFull());
            queue.join();                 // returns only after the sixth taskDone, at 12 s
            log.add("joined@" + seconds());
            Async.await(producer);
            Async.await(consumer);
            return null;
        });
        assertEquals(List.of(
                "put1@0", "put2@0",
                "got1@1", "put3@1",       // put 3 waited for the first get
                "got2@3", "put4@3",
                "got3@5", "put5@5",
                "got4@7", "put6@7",
                "got5@9", "got6@11",
                "joined@12"), log);
    }

    @Test
    void joinWaitsForEveryTaskDone() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo();
            queue.join();                                   // nothing unfinished: returns at once
            queue.putNowait("a");
            queue.putNowait("b");
            Task<Long> joiner = start("joiner", () -> {
                queue.join();
                return seconds();
            });
            assertEquals("a", queue.getNowait());
            assertEquals("b", queue.getNowait());
            Async.sleep(Duration.ofSeconds(1));
            queue.taskDone();
            settle();
            assertFalse(joiner.isDone(), "one item is still unfinished although the queue is empty");
            Async.sleep(Duration.ofSeconds(1));
            queue.taskDone();
            assertEquals(2L, Async.await(joiner));
            return null;
        });
    }

    @Test
    void taskDoneTooOftenIsAnError() {
        AsyncQueue<String> queue = AsyncQueue.fifo();
        queue.putNowait("a");
        queue.getNowait();
        queue.taskDone();
        IllegalStateException e = assertThrows(IllegalStateException.class, queue::taskDone);
        assertTrue(e.getMessage().contains("more often than items were put"), e.getMessage());
    }

    @Test
    void priorityQueueHandsOutTheSmallestFirstAndKeepsTiesInOrder() {
        AsyncQueue<Integer> natural = AsyncQueue.priority(0);
        for (int i : new int[]{5, 1, 4, 2, 3}) natural.putNowait(i);
        assertEquals(List.of(1, 2, 3, 4, 5), drain(natural));

        AsyncQueue<String> byLength = AsyncQueue.priority(0, Comparator.comparingInt(String::length));
        for (String s : List.of("ccc", "b1", "a", "b2", "b3", "d")) byLength.putNowait(s);
        assertEquals(List.of("a", "d", "b1", "b2", "b3", "ccc"), drain(byLength));
    }

    @Test
    void lifoQueueHandsOutTheNewestFirst() {
        AsyncQueue<Integer> queue = AsyncQueue.lifo(3);
        queue.putNowait(1);
        queue.putNowait(2);
        queue.putNowait(3);
        assertTrue(queue.isFull());
        assertEquals(3, queue.getNowait());
        queue.putNowait(4);
        assertEquals(List.of(4, 2, 1), drain(queue));
    }

    @Test
    void nowaitFormsThrowWhenFullOrEmpty() {
        AsyncQueue<String> queue = AsyncQueue.fifo(1);
        QueueEmptyException empty = assertThrows(QueueEmptyException.class, queue::getNowait);
        assertTrue(empty.getMessage().contains("get()"), empty.getMessage());
        queue.putNowait("a");
        QueueFullException full = assertThrows(QueueFullException.class, () -> queue.putNowait("b"));
        assertTrue(full.getMessage().contains("maxSize 1"), full.getMessage());
        assertEquals(1, queue.size());
        assertEquals(1, queue.maxSize());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AsyncQueue.fifo(-1));
        assertThrows(NullPointerException.class, () -> AsyncQueue.fifo().putNowait(null));
        assertThrows(NullPointerException.class, () -> AsyncQueue.priority(0, null));
    }

    @Test
    void waitingMethodsOutsideATaskAreAClearError() {
        AsyncQueue<String> queue = AsyncQueue.fifo();
        queue.putNowait("a");
        IllegalStateException e = assertThrows(IllegalStateException.class, queue::get);
        assertTrue(e.getMessage().contains("AsyncQueue.get() was called outside a task"), e.getMessage());
        assertTrue(e.getMessage().contains("getNowait()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> queue.put("b"));
        assertThrows(IllegalStateException.class, queue::join);
        assertEquals(1, queue.size(), "refused calls change nothing");
    }

    @Test
    void shutdownRefusesPutsWakesWaitingPutsAndLetsGetsDrain() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo(1);
            queue.putNowait("a");
            Task<Void> blockedPut = start("put", () -> {
                queue.put("b");
                return null;
            });
            settle();
            queue.shutdown();
            assertTrue(queue.isShutDown());
            assertThrows(QueueShutDownException.class, () -> Async.await(blockedPut));
            assertThrows(QueueShutDownException.class, () -> queue.putNowait("c"));
            assertThrows(QueueShutDownException.class, () -> queue.put("c"));
            assertEquals("a", queue.get(), "items left are still handed out");
            assertThrows(QueueShutDownException.class, queue::get);
            assertThrows(QueueShutDownException.class, queue::getNowait);
            return null;
        });
    }

    @Test
    void shutdownWakesWaitingGets() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo();
            Task<Object> g1 = getter(queue, "g1");
            Task<Object> g2 = getter(queue, "g2");
            settle();
            queue.shutdown(false);
            assertThrows(QueueShutDownException.class, () -> Async.await(g1));
            assertThrows(QueueShutDownException.class, () -> Async.await(g2));
            return null;
        });
    }

    @Test
    void immediateShutdownDropsItemsAndLetsJoinReturnOnceTakenItemsAreDone() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo();
            queue.putNowait("a");
            queue.putNowait("b");
            queue.putNowait("c");
            assertEquals("a", queue.getNowait());          // taken, not done yet
            Task<Long> joiner = start("joiner", () -> {
                queue.join();
                return seconds();
            });
            settle();
            queue.shutdown(true);
            assertEquals(0, queue.size(), "b and c were dropped");
            assertThrows(QueueShutDownException.class, queue::get);
            settle();
            assertFalse(joiner.isDone(), "'a' still needs its taskDone");
            Async.sleep(Duration.ofSeconds(2));
            queue.taskDone();
            assertEquals(2L, Async.await(joiner));
            return null;
        });
    }

    @Test
    void immediateShutdownWakesJoinAndGetsWhenNothingIsInProcess() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo();
            queue.putNowait("a");
            Task<Void> joiner = start("joiner", () -> {
                queue.join();
                return null;
            });
            AsyncQueue<String> empty = AsyncQueue.fifo();
            Task<Object> waitingGet = getter(empty, "get");
            settle();
            queue.shutdown(true);
            empty.shutdown(true);
            Async.await(joiner);
            assertThrows(QueueShutDownException.class, () -> Async.await(waitingGet));
            return null;
        });
    }

    @Test
    void anItemPromisedToAWokenGetIsNotTakenByANewcomer() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo();
            Task<Object> first = getter(queue, "first");
            settle();
            queue.putNowait("a");                 // promised to 'first', which has not run yet
            assertEquals(1, queue.size());
            assertTrue(queue.isEmpty(), "nothing is there for a newcomer");
            assertThrows(QueueEmptyException.class, queue::getNowait);
            assertEquals("a", Async.await(first));
            return null;
        });
    }

    @Test
    void waitingGetsAreServedInArrivalOrder() throws Exception {
        run(() -> {
            AsyncQueue<Integer> queue = AsyncQueue.fifo();
            List<Task<Object>> getters = new ArrayList<>();
            for (int i = 0; i < 5; i++) getters.add(getter(queue, "g" + i));
            settle();
            for (int i = 0; i < 5; i++) queue.putNowait(i);
            for (int i = 0; i < 5; i++) assertEquals(i, Async.await(getters.get(i)));
            return null;
        });
    }

    @Test
    void aGetCancelledAfterBeingPromisedAnItemPassesItOn() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo();
            Task<Object> first = getter(queue, "first");
            Task<Object> second = getter(queue, "second");
            settle();
            queue.putNowait("a");    // promised to 'first'...
            first.cancel();          // ...which is cancelled before it runs
            assertThrows(CancellationException.class, () -> Async.await(first));
            assertEquals("a", Async.await(second));
            assertEquals(0, queue.size());
            return null;
        });
    }

    @Test
    void aGetCancelledWhileWaitingTakesNothing() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo();
            Task<Object> cancelled = getter(queue, "cancelled");
            settle();
            cancelled.cancel();
            settle();
            queue.putNowait("a");
            assertEquals("a", queue.getNowait(), "the cancelled get left the line and took nothing");
            return null;
        });
    }

    @Test
    void waitingPutsAreServedInArrivalOrderAndANewcomerCannotTakeAPromisedSlot() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo(1);
            queue.putNowait("a");
            Task<Void> p1 = start("p1", () -> {
                queue.put("b");
                return null;
            });
            Task<Void> p2 = start("p2", () -> {
                queue.put("c");
                return null;
            });
            settle();
            assertEquals("a", queue.getNowait());   // the free slot is promised to p1
            assertTrue(queue.isFull(), "no slot for a newcomer");
            assertThrows(QueueFullException.class, () -> queue.putNowait("x"));
            assertEquals("b", queue.get());
            assertEquals("c", queue.get());
            Async.await(p1);
            Async.await(p2);
            assertTrue(queue.isEmpty());
            return null;
        });
    }

    @Test
    void aPutCancelledWhileWaitingAddsNothingAndAfterBeingPromisedASlotPassesItOn() throws Exception {
        run(() -> {
            AsyncQueue<String> queue = AsyncQueue.fifo(1);
            queue.putNowait("a");
            Task<Void> cancelledEarly = start("early", () -> {
                queue.put("never");
                return null;
            });
            Task<Void> cancelledLate = start("late", () -> {
                queue.put("never either");
                return null;
            });
            Task<Void> survivor = start("survivor", () -> {
                queue.put("b");
                return null;
            });
            settle();
            cancelledEarly.cancel();
            settle();
            assertEquals("a", queue.getNowait());   // the slot is promised to 'late'...
            cancelledLate.cancel();                 // ...which is cancelled before it runs
            Async.await(survivor);
            assertTrue(cancelledEarly.isCancelled());
            assertTrue(cancelledLate.isCancelled());
            assertEquals(List.of("b"), drain(queue));
            return null;
        });
    }

    @Test
    void pingPongThroughTwoUnboundedQueues() throws Exception {
        // The shape of benchmark c2: putNowait on one queue, get on the other.
        int rounds = run(() -> {
            AsyncQueue<Integer> ping = AsyncQueue.fifo();
            AsyncQueue<Integer> pong = AsyncQueue.fifo();
            Task<Void> ponger = start("ponger", () -> {
                while (true) {
                    int n = ping.get();
                    if (n < 0) return null;
                    pong.putNowait(n + 1);
                }
            });
            int n = 0;
            for (int i = 0; i < 10_000; i++) {
                ping.putNowait(n);
                n = pong.get();
            }
            ping.putNowait(-1);
            Async.await(ponger);
            return n;
        });
        assertEquals(10_000, rounds);
    }
}
