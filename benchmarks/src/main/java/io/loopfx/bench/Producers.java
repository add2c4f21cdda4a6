package io.loopfx.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;

/**
 * The producer threads of workload b (loopfx's {@code ThreadsafeBench} and the peers'): 4 threads, released together
 * by a barrier for each operation, each hand {@code n/4} callbacks to a loop from their own thread; the last
 * callback to run ends the operation. After it, {@link #checkExactlyOnce} checks that each ran exactly once.
 * The callbacks run on the loop's thread only, one at a time, so their counts need no synchronisation.
 */
public final class Producers {
    private static final int PRODUCERS = 4;

    private final CyclicBarrier start = new CyclicBarrier(PRODUCERS + 1);
    private final List<Thread> threads = new ArrayList<>();
    private final int perProducer;
    private final byte[] runs;
    private volatile boolean shuttingDown;
    private volatile CountDownLatch producersDone;
    // Written before the barrier releases the producers, which orders them before every producer's use and,
    // through the loop's queue, before every callback.
    private Executor target;
    private Runnable finish;
    private int ran;

    /**
     * Starts the producer threads; they wait at the barrier for the first operation.
     *
     * @param n callbacks per operation over all producers (rounded down to a multiple of 4)
     */
    public Producers(int n) {
        perProducer = n / PRODUCERS;
        runs = new byte[perProducer * PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> produce(base), "producer-" + p);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    private void produce(int base) {
        while (true) {
            try {
                start.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                return;
            }
            if (shuttingDown) return;
            Executor loop = target;
            for (int i = base; i < base + perProducer; i++) {
                int item = i;
                loop.execute(() -> hit(item));
            }
            producersDone.countDown();
        }
    }

    /** The callback: counts its own run, and ends the operation after the last one. */
    private void hit(int item) {
        runs[item]++;
        if (++ran == runs.length) finish.run();
    }

    /**
     * Starts one operation: releases the producers, which hand their callbacks to {@code loop}; the last callback
     * to run calls {@code finish} on the loop's thread. Returns at once; the caller waits for {@code finish}.
     *
     * @param loop   how a producer hands a callback to the loop (e.g. {@code loop::callSoonThreadsafe})
     * @param finish what ends the operation
     * @throws IllegalStateException if the barrier broke
     */
    public void release(Executor loop, Runnable finish) {
        ran = 0;
        target = loop;
        this.finish = finish;
        producersDone = new CountDownLatch(PRODUCERS);
        try {
            start.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException("the producers' barrier broke", e);
        }
    }

    /**
     * Checks exactly-once delivery (outside the timed part): waits for the producers to return, runs
     * {@code drain} (which must let the loop run what was queued before it, so that a duplicate would have run),
     * then checks every count and resets them.
     *
     * @param drain lets the loop run what is queued
     * @throws InterruptedException if interrupted
     * @throws IllegalStateException if a callback never ran or ran more than once
     */
    public void checkExactlyOnce(Runnable drain) throws InterruptedException {
        producersDone.await();
        drain.run();
        int once = 0;
        int never = 0;
        for (byte r : runs) {
            if (r == 1) once++;
            else if (r == 0) never++;
        }
        if (once != runs.length) {
            throw new IllegalStateException("exactly-once violated: " + never + " callbacks never ran, "
                    + (runs.length - once - never) + " ran more than once (of " + runs.length + ")");
        }
        Arrays.fill(runs, (byte) 0);
    }

    /**
     * Stops the producer threads: releases them once more with the shutdown flag set, and waits for them.
     *
     * @throws Exception if interrupted or the barrier broke
     */
    public void stop() throws Exception {
        shuttingDown = true;
        start.await();
        for (Thread t : threads) t.join();
    }
}
