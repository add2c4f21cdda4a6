package io.loopfx.bench.peers;

import io.loopfx.bench.Producers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CompletableFuture;

/**
 * Workload b of asyncio_bench.py (loopfx: {@code ThreadsafeBench.bThreadsafe}) for the peers, with the same
 * {@link Producers}: 4 producer threads, released together by a barrier, each hand {@code n/4} callbacks to the
 * loop from their own thread; timed from the barrier to the {@code n}-th callback. After every operation each
 * callback is checked to have run exactly once.
 */
public class PeerThreadsafeBench extends PeerBenchmark {
    /** Callbacks per operation, over all producers (asyncio_bench.py's n for b). */
    @Param("1000000")
    public int n;

    private Producers producers;
    private Runnable drain;

    /** Creates the benchmark; JMH instantiates it. */
    public PeerThreadsafeBench() {
    }

    /** Starts the producer threads; they wait at the barrier for each operation. */
    @Setup(Level.Trial)
    public void startProducers() {
        producers = new Producers(n);
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
        drain = () -> netty.loop.submit(NOOP).syncUninterruptibly();
        producers.release(netty.loop, () -> done.complete(null));
        done.join();
    }

    /** kotlinx.coroutines: a {@code dispatch} per callback from the producers to {@code runBlocking}'s event loop. */
    @Benchmark
    public void bKotlinx() {
        drain = () -> { }; // runBlocking's loop ends with the operation: nothing of it is left to run
        Kotlinx.threadsafe(producers::release);
    }

    /**
     * Checks exactly-once delivery (outside the timed part).
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Invocation)
    public void checkExactlyOnce() throws InterruptedException {
        producers.checkExactlyOnce(drain);
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
