package io.loopfx.bench;

import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;

/**
 * Workload b of asyncio_bench.py: 4 producer threads, released together by a barrier, each send
 * {@code n/4} callbacks with {@code callSoonThreadsafe}; timed from the barrier to the {@code n}-th callback.
 * After every operation each callback is checked to have run exactly once; a violation fails the benchmark.
 */
public class ThreadsafeBench extends LoopBenchmark {
    private static final int PRODUCERS = 4;

    /** Callbacks per operation, over all producers (asyncio_bench.py's n for b). */
    @Param("1000000")
    public int n;

    private final CyclicBarrier start = new CyclicBarrier(PRODUCERS + 1);
    private final List<Thread> producers = new ArrayList<>();
    private volatile boolean shuttingDown;
    private int perProducer;
    private byte[] runs;
    private int ran;
    private LoopFuture<Void> allRan;
    private volatile CountDownLatch producersDone;

    /** Creates the benchmark; JMH instantiates it. */
    public ThreadsafeBench() {
    }

    /** Starts the producer threads; they wait at the barrier for each operation. */
    @Setup(Level.Trial)
    public void startProducers() {
        perProducer = n / PRODUCERS;
        runs = new byte[perProducer * PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> produce(base), "producer-" + p);
            t.setDaemon(true);
            t.start();
            producers.add(t);
        }
    }

    private void produce(int base) {
        EventLoop loop = this.loop;
        while (true) {
            try {
                start.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                return;
            }
            if (shuttingDown) return;
            for (int i = base; i < base + perProducer; i++) {
                int item = i;
                loop.callSoonThreadsafe(() -> hit(item));
            }
            producersDone.countDown();
        }
    }

    /** The callback: counts its own run, and completes the operation after the last one. */
    private void hit(int item) {
        runs[item]++;
        if (++ran == runs.length) allRan.setResult(null);
    }

    /**
     * b threadsafe: one operation = barrier release to the last of {@code n} callbacks having run.
     *
     * @throws Exception if the loop fails or the barrier breaks
     */
    @Benchmark
    public void bThreadsafe() throws Exception {
        ran = 0;
        allRan = loop.createFuture();
        producersDone = new CountDownLatch(PRODUCERS);
        start.await();
        loop.runUntilComplete(allRan);
    }

    /**
     * Checks exactly-once delivery (outside the timed part): waits for the producers to return, runs one
     * more loop iteration so a duplicate would already be queued, then checks every count.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Invocation)
    public void checkExactlyOnce() throws InterruptedException {
        producersDone.await();
        loop.stop();
        loop.runForever(); // exactly one iteration
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
     * Stops the producer threads: releases them once more with the shutdown flag set.
     *
     * @throws Exception if interrupted or the barrier broke
     */
    @TearDown(Level.Trial)
    public void stopProducers() throws Exception {
        shuttingDown = true;
        start.await();
        for (Thread t : producers) t.join();
    }
}
