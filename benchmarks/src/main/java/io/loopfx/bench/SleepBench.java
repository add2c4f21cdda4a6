package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Level;

import java.time.Duration;

/**
 * c4 (not in asyncio_bench.py): one task sleeping 1 ms {@code n} times, on the virtual clock, so that a sleep costs
 * its timer (heap push and pop, the sleep's future, the wake-up) and no real waiting. Its allocation profile
 * ({@code -prof gc}) is the "per sleep" figure of docs/performance.md.
 */
public class SleepBench extends LoopBenchmark {
    /** Sleeps per operation. */
    @Param("200000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public SleepBench() {
    }

    /** A virtual-clock loop instead of the base's thread loop: time jumps to each timer. */
    @Override
    @Setup(Level.Trial)
    public void openLoop() {
        loop = EventLoop.withVirtualClock();
    }

    /**
     * c4 sleep: one task doing {@code Async.sleep(1 ms)} {@code n} times.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void c4SleepTimer() throws Exception {
        int n = this.n;
        Duration ms = Duration.ofMillis(1);
        loop.runUntilComplete(() -> {
            for (int i = 0; i < n; i++) Async.sleep(ms);
            return null;
        });
    }
}
