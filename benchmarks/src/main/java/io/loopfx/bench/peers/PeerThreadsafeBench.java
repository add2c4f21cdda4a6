package io.loopfx.bench.peers;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;

/**
 * Workload b of asyncio_bench.py (loopfx: {@code ThreadsafeBench.bThreadsafe}) for the peers: 4 producer
 * threads, released together by a barrier, each hand {@code n/4} callbacks to the loop from their own thread;
 * timed from the barrier to the {@code n}-th callback. After every operation each callback is checked to have
 * run exactly once.
 */
public class PeerThreadsafeBench extends PeerBenchmark {
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
    // Written before the barrier releases the producers, which orders them before every producer's use.
    private Executor target;
    private Runnable finish;
    private Runnable drain;
    private CountDownLatch producersDone;

    /** Creates the benchmark; JMH instantiates it. */
    public PeerThreadsafeBench() {
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

    /** Sets up one operation for a loop reached through {@code loop}, and releases the producers. */
    private void begin(Executor loop, Runnable finish, Runnable drain) {
        ran = 0;
        target = loop;
        this.finish = finish;
        this.drain = drain;
        producersDone = new CountDownLatch(PRODUCERS);
        try {
            start.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException("the producers' barrier broke", e);
        }
    }

    /**
     * Netty: {@code EventLoop.execute} from the producers (each wakes the selector if the loop sleeps in it);
     * the last callback completes a future the JMH thread waits on.
     *
     * @param netty the loop of this trial
     */
    @Benchmark
    public void bNetty(NettyLoop netty) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        begin(netty.loop, () -> done.complete(null), () -> netty.loop.submit(NOOP).syncUninterruptibly());
        done.join();
    }

    /** kotlinx.coroutines: a {@code dispatch} per callback from the producers to {@code runBlocking}'s event loop. */
    @Benchmark
    public void bKotlinx() {
        // runBlocking's loop ends with the operation: nothing it could still run is left to wait for
        Kotlinx.threadsafe((loop, finish) -> begin(loop, finish, () -> { }));
    }

    /**
     * Checks exactly-once delivery (outside the timed part): waits for the producers to return and for the loop
     * to run what was queued before that, then checks every count.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Invocation)
    public void checkExactlyOnce() throws InterruptedException {
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
