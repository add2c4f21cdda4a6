package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.time.Duration;

/** Workloads c1 and c3 of asyncio_bench.py: the cost of suspending and resuming a task. */
public class TaskSwitchBench extends LoopBenchmark {
    /** Round trips (c1) or sleeps (c3) per operation (asyncio_bench.py's n). */
    @Param("200000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public TaskSwitchBench() {
    }

    /** The request slot of the ping-pong: a future whose value is the future to answer on. */
    private static final class Slot {
        LoopFuture<LoopFuture<Void>> request;
    }

    /**
     * c1 pingpong_future: task A completes a future task B awaits, passing a fresh future for the reply,
     * which B completes; {@code n} round trips (2 task wake-ups each).
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void c1PingPongFuture() throws Exception {
        EventLoop loop = this.loop;
        int n = this.n;
        loop.runUntilComplete(() -> {
            Slot slot = new Slot();
            slot.request = loop.createFuture();
            Task<Void> ponger = loop.createTask(() -> {
                for (int i = 0; i < n; i++) {
                    LoopFuture<Void> reply = Async.await(slot.request);
                    slot.request = loop.createFuture();
                    reply.setResult(null);
                }
                return null;
            });
            Async.yieldNow(); // let the ponger park on the first request
            for (int i = 0; i < n; i++) {
                LoopFuture<Void> reply = loop.createFuture();
                slot.request.setResult(reply);
                Async.await(reply);
            }
            return Async.await(ponger);
        });
    }

    /**
     * c3 sleep0: one task doing {@code Async.sleep(Duration.ZERO)} (= yieldNow) {@code n} times.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void c3Sleep0() throws Exception {
        int n = this.n;
        loop.runUntilComplete(() -> {
            for (int i = 0; i < n; i++) Async.sleep(Duration.ZERO);
            return null;
        });
    }
}
