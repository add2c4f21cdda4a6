package io.loopfx.bench.peers;

import io.netty.channel.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Workload a1 of asyncio_bench.py (loopfx: {@code CallSoonBench.a1CallSoonAll}) for the peers: {@code n - 1}
 * no-op callbacks and a final one scheduled from the loop's own thread in a tight loop, timed until the final
 * one has run.
 */
public class PeerCallSoonBench extends PeerBenchmark {
    /** Callbacks per operation (asyncio_bench.py's n for a1). */
    @Param("1000000")
    public int n;

    /** The raw limit's queue, kept for the trial as a loop keeps its ready queue (grown once). */
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean finalRan;
    private final Runnable finish = () -> finalRan = true;

    /** Creates the benchmark; JMH instantiates it. */
    public PeerCallSoonBench() {
    }

    /**
     * The raw limit: the callbacks added to an {@code ArrayDeque<Runnable>} and drained in one loop, which is all
     * a single-threaded loop must do for them.
     */
    @Benchmark
    public void a1Raw() {
        ArrayDeque<Runnable> q = queue;
        int n = this.n;
        finalRan = false;
        for (int i = 0; i < n - 1; i++) q.add(NOOP);
        q.add(finish);
        Runnable r;
        while ((r = q.poll()) != null) r.run();
        if (!finalRan) throw new IllegalStateException("the final callback did not run");
    }

    /**
     * Netty: {@code EventLoop.execute} from a task running on the loop (no wake-up needed), until the final task
     * completed a future the JMH thread waits on.
     *
     * @param netty the loop of this trial
     */
    @Benchmark
    public void a1Netty(NettyLoop netty) {
        EventLoop loop = netty.loop;
        int n = this.n;
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            for (int i = 0; i < n - 1; i++) loop.execute(NOOP);
            loop.execute(() -> done.complete(null));
        });
        done.join();
    }

    /** kotlinx.coroutines: a {@code dispatch} per callback to {@code runBlocking}'s event loop, from inside it. */
    @Benchmark
    public void a1Kotlinx() {
        Kotlinx.a1Dispatch(n);
    }
}
