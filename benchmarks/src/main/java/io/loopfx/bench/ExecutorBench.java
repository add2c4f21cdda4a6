package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.util.concurrent.ExecutorService;

/**
 * Workload g1 of asyncio_bench.py: {@code await runInExecutor(pool, fn)} {@code n} times in sequence, with
 * {@code fn} returning null and a fixed pool of {@code min(32, cpus + 4)} threads, Python's
 * ThreadPoolExecutor default.
 */
public class ExecutorBench extends LoopBenchmark {
    /** Calls per operation (asyncio_bench.py's n for g1). */
    @Param("20000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public ExecutorBench() {
    }

    /**
     * g1 executor_seq: one operation = {@code n} sequential round trips through the pool.
     *
     * @param pool the pool of this trial
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void g1ExecutorSeq(ExecutorPool pool) throws Exception {
        EventLoop loop = this.loop;
        ExecutorService executor = pool.pool;
        int n = this.n;
        loop.runUntilComplete(() -> {
            for (int i = 0; i < n; i++) Async.await(loop.runInExecutor(executor, ExecutorPool.TRIVIAL));
            return null;
        });
    }
}
