package io.loopfx.bench.peers;

import io.loopfx.bench.ExecutorPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.util.concurrent.ExecutorService;

/**
 * Workload g1 of asyncio_bench.py (loopfx: {@code ExecutorBench.g1ExecutorSeq}) without a loop: the JMH thread
 * submits a trivial job to the same fixed pool and blocks on its {@code Future}, {@code n} times in a row. Each call
 * is the same two thread wake-ups as loopfx's (the pool's worker, then the waiting thread), so it is the floor of
 * {@code runInExecutor} on this machine: what a call costs before any event loop adds its part.
 */
public class PeerExecutorBench extends PeerBenchmark {
    /** Calls per operation (asyncio_bench.py's n for g1). */
    @Param("20000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public PeerExecutorBench() {
    }

    /**
     * g1 raw: {@code submit(job).get()} from a platform thread, {@code n} times.
     *
     * @param pool the pool of this trial (the same as loopfx's g1)
     * @throws Exception if a job fails
     */
    @Benchmark
    public void g1Raw(ExecutorPool pool) throws Exception {
        ExecutorService executor = pool.pool;
        for (int i = 0, n = this.n; i < n; i++) executor.submit(ExecutorPool.TRIVIAL).get();
    }
}
