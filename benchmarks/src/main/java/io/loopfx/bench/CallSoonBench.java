package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Workloads a1, a2 and a3 of asyncio_bench.py: the cost of {@code callSoon} and of running callbacks.
 * Each runs inside a task of the loop, as the Python ones run inside a coroutine.
 */
public class CallSoonBench extends LoopBenchmark {
    private static final int BATCH = 1000;
    private static final Runnable NOOP = () -> { };

    /** Callbacks per operation (asyncio_bench.py's n for a1, a2, a3). */
    @Param("1000000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public CallSoonBench() {
    }

    /**
     * a1 call_soon_all: {@code n - 1} no-op callbacks and a final one scheduled in a tight loop, timed until
     * the final one has run.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void a1CallSoonAll() throws Exception {
        EventLoop loop = this.loop;
        int n = this.n;
        loop.runUntilComplete(() -> {
            LoopFuture<Void> done = loop.createFuture();
            for (int i = 0; i < n - 1; i++) loop.callSoon(NOOP);
            loop.callSoon(() -> done.setResult(null));
            return Async.await(done);
        });
    }

    /**
     * a2 call_soon_batch: batches of 1000 callbacks; the last of each batch schedules the next batch.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void a2CallSoonBatch() throws Exception {
        EventLoop loop = this.loop;
        int batches = n / BATCH;
        loop.runUntilComplete(() -> {
            BatchTail tail = new BatchTail(loop, batches);
            tail.scheduleBatch();
            return Async.await(tail.done);
        });
    }

    /** The last callback of a batch: schedules the next batch, or completes {@link #done} after the last. */
    private static final class BatchTail implements Runnable {
        final EventLoop loop;
        final LoopFuture<Void> done;
        final int batches;
        int finished;

        BatchTail(EventLoop loop, int batches) {
            this.loop = loop;
            this.done = loop.createFuture();
            this.batches = batches;
        }

        void scheduleBatch() {
            for (int i = 0; i < BATCH - 1; i++) loop.callSoon(NOOP);
            loop.callSoon(this);
        }

        @Override
        public void run() {
            if (++finished == batches) done.setResult(null);
            else scheduleBatch();
        }
    }

    /**
     * a3 call_soon_chain: every callback schedules the next one, so each is a separate loop iteration.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void a3CallSoonChain() throws Exception {
        EventLoop loop = this.loop;
        int n = this.n;
        loop.runUntilComplete(() -> {
            ChainLink link = new ChainLink(loop, n);
            loop.callSoon(link);
            return Async.await(link.done);
        });
    }

    /** One link of the chain: schedules itself again until it has run {@code n} times. */
    private static final class ChainLink implements Runnable {
        final EventLoop loop;
        final LoopFuture<Void> done;
        final int n;
        int count;

        ChainLink(EventLoop loop, int n) {
            this.loop = loop;
            this.done = loop.createFuture();
            this.n = n;
        }

        @Override
        public void run() {
            if (++count == n) done.setResult(null);
            else loop.callSoon(this);
        }
    }
}
