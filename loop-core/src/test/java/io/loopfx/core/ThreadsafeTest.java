package io.loopfx.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** callSoonThreadsafe / execute: exactly once, in order per producer, and it wakes a parked loop. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadsafeTest {

    @Test
    void eightProducersOfAHundredThousandCallbacksEachRunExactlyOnceInOrderPerProducer() throws Exception {
        int producers = 8;
        int perProducer = 100_000;
        int total = producers * perProducer;
        try (EventLoop loop = EventLoop.create()) {
            // Touched only on the loop thread: no synchronisation needed, and any duplicate or reordering shows.
            byte[] runs = new byte[total];
            int[] nextExpected = new int[producers];
            int[] outOfOrder = {0};
            int[] ran = {0};
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perProducer; i++) {
                        int seq = i;
                        loop.callSoonThreadsafe(() -> {
                            runs[producer * perProducer + seq]++;
                            if (nextExpected[producer] != seq) outOfOrder[0]++;
                            nextExpected[producer] = seq + 1;
                            if (++ran[0] == total) loop.stop();
                        });
                    }
                }, "producer-" + p);
                t.start();
                threads.add(t);
            }
            loop.callSoon(go::countDown); // release the producers while the loop runs (and parks when it drains them)
            loop.runForever();
            for (Thread t : threads) t.join();
            loop.stop();
            loop.runForever(); // one more iteration: anything delivered twice would be queued by now
            assertEquals(total, ran[0]);
            assertEquals(0, outOfOrder[0], "callbacks of one producer ran out of order");
            for (int i = 0; i < total; i++) {
                if (runs[i] != 1) fail("callback " + i + " of producer " + i / perProducer + " ran " + runs[i] + " times");
            }
        }
    }

    @Test
    void aCallbackFromAnotherThreadWakesALoopParkedWithNoTimers() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            lt.awaitParked(); // nothing scheduled: without a wake-up it would sleep forever
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            lt.loop.callSoonThreadsafe(() -> ranOn.complete(Thread.currentThread()));
            assertSame(lt.thread, ranOn.get(30, TimeUnit.SECONDS));

            lt.awaitParked();
            CountDownLatch viaExecute = new CountDownLatch(1);
            lt.loop.execute(viaExecute::countDown);
            assertTrue(viaExecute.await(30, TimeUnit.SECONDS), "execute() did not wake the parked loop");
        }
    }

    @Test
    void noWakeUpIsLostWhenTheLoopIsAboutToPark() throws Exception {
        // Ping-pong between a producer and the loop: each callback is sent just as the loop runs out of work,
        // which is the window a lost wake-up would fall into (and then this test would hang).
        int rounds = 20_000;
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            int[] ran = {0};
            for (int i = 0; i < rounds; i++) {
                CountDownLatch done = new CountDownLatch(1);
                lt.loop.callSoonThreadsafe(() -> {
                    ran[0]++;
                    done.countDown();
                });
                if (!done.await(30, TimeUnit.SECONDS)) fail("round " + i + ": the callback was never run");
            }
            assertEquals(rounds, (int) lt.call(() -> ran[0]));
        }
    }

    @Test
    void callbacksSentBeforeTheLoopRunsRunInItsFirstIteration() throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            List<String> ran = new ArrayList<>();
            Thread sender = new Thread(() -> {
                loop.callSoonThreadsafe(() -> ran.add("one"));
                loop.callSoonThreadsafe(() -> ran.add("two"));
            });
            sender.start();
            sender.join();
            loop.stop();
            loop.runForever();
            assertEquals(List.of("one", "two"), ran);
        }
    }

    @Test
    void aThreadsafeCallbackCancelledBeforeItRunsNeverRuns() throws Exception {
        try (EventLoop loop = EventLoop.create()) {
            List<String> ran = new ArrayList<>();
            AtomicReference<Handle> handle = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                handle.set(loop.callSoonThreadsafe(() -> ran.add("cancelled")));
                handle.get().cancel();
                loop.callSoonThreadsafe(() -> ran.add("kept"));
            });
            sender.start();
            sender.join();
            loop.stop();
            loop.runForever();
            assertEquals(List.of("kept"), ran);
            assertTrue(handle.get().isCancelled());
        }
    }
}
