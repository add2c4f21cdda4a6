package io.loopfx.bench;

import io.loopfx.core.LoopFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload b of asyncio_bench.py: 4 producer threads, released together by a barrier, each send
 * {@code n/4} callbacks with {@code callSoonThreadsafe}; timed from the barrier to the {@code n}-th callback.
 * After every operation each callback is checked to have run exactly once; a violation fails the benchmark.
 */
public class ThreadsafeBench extends LoopBenchmark {
    /** Callbacks per operation, over all producers (asyncio_bench.py's n for b). */
    @Param("1000000")
    public int n;

    private Producers producers;
    private LoopFuture<Void> allRan;

    /** Creates the benchmark; JMH instantiates it. */
    public ThreadsafeBench() {
    }

    /** Starts the producer threads; they wait at the barrier for each operation. */
    @Setup(Level.Trial)
    public void startProducers() {
        producers = new Producers(n);
    }

    /**
     * b threadsafe: one operation = barrier release to the last of {@code n} callbacks having run.
     *
     * @throws Exception if the loop fails or the barrier breaks
     */
    @Benchmark
    public void bThreadsafe() throws Exception {
        allRan = loop.createFuture();
        producers.release(loop::callSoonThreadsafe, () -> allRan.setResult(null));
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
        producers.checkExactlyOnce(() -> {
            loop.stop();
            loop.runForever(); // exactly one iteration
        });
    }

    /**
     * Stops the producer threads.
     *
     * @throws Exception if interrupted or the barrier broke
     */
    @TearDown(Level.Trial)
    public void stopProducers() throws Exception {
        producers.stop();
    }
}
