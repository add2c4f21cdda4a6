package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Workload g1 of asyncio_bench.py: {@code await runInExecutor(pool, fn)} {@code n} times in sequence, with
 * {@code fn} returning null and a fixed pool of {@code min(32, cpus + 4)} threads, Python's
 * ThreadPoolExecutor default.
 */
public class ExecutorBench extends LoopBenchmark {
    private static final Callable<Void> TRIVIAL = () -> null;

    /** Calls per operation (asyncio_bench.py's n for g1). */
    @Param("20000")
    public int n;

    private ExecutorService pool;

    /** Creates the benchmark; JMH instantiates it. */
    public ExecutorBench() {
    }

    /** Creates the pool for the trial. */
    @Setup(Level.Trial)
    public void startPool() {
        pool = Executors.newFixedThreadPool(Math.min(32, Runtime.getRuntime().availableProcessors() + 4), r -> {
            Thread t = new Thread(r, "bench-executor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Shuts the pool down.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Trial)
    public void stopPool() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }

    /**
     * g1 executor_seq: one operation = {@code n} sequential round trips through the pool.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void g1ExecutorSeq() throws Exception {
        EventLoop loop = this.loop;
        ExecutorService pool = this.pool;
        int n = this.n;
        loop.runUntilComplete(() -> {
            for (int i = 0; i < n; i++) Async.await(loop.runInExecutor(pool, TRIVIAL));
            return null;
        });
    }
}
