package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import io.loopfx.core.sync.AsyncQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Workload c2 of asyncio_bench.py: c1's ping-pong through two unbounded {@link AsyncQueue}s
 * ({@code putNowait} / awaiting {@code get}). Kept in its own file: the benchmarks module compiles it only
 * when loop-core has {@code io.loopfx.core.sync.AsyncQueue} (see the module's pom).
 */
public class PingPongQueueBench extends LoopBenchmark {
    /** Round trips per operation (asyncio_bench.py's n for c2). */
    @Param("200000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public PingPongQueueBench() {
    }

    /**
     * c2 pingpong_queue: {@code n} round trips through two queues.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void c2PingPongQueue() throws Exception {
        EventLoop loop = this.loop;
        int n = this.n;
        loop.runUntilComplete(() -> {
            AsyncQueue<Integer> requests = AsyncQueue.fifo();
            AsyncQueue<Integer> replies = AsyncQueue.fifo();
            Task<Void> ponger = loop.createTask(() -> {
                for (int i = 0; i < n; i++) replies.putNowait(requests.get());
                return null;
            });
            Async.yieldNow();
            for (int i = 0; i < n; i++) {
                requests.putNowait(i);
                replies.get();
            }
            return Async.await(ponger);
        });
    }
}
