package io.loopfx.bench.peers;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Workload d of asyncio_bench.py (loopfx: {@code TaskCreationBench.dTasks}) for the peers: create {@code n}
 * tasks of an empty body, then wait until all of them are done.
 */
public class PeerTaskCreationBench extends PeerBenchmark {
    private static final ContinuationScope SCOPE = new ContinuationScope("peer-bench");
    private static final Runnable EMPTY = () -> { };

    /** Tasks per operation (asyncio_bench.py's n for d). */
    @Param("200000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public PeerTaskCreationBench() {
    }

    /**
     * The raw limit: {@code n} continuations of an empty body created, then each run (to its end), in order, as
     * a loop would run its ready tasks.
     */
    @Benchmark
    public void dRaw() {
        Continuation[] all = new Continuation[n];
        for (int i = 0; i < all.length; i++) all[i] = new Continuation(SCOPE, EMPTY);
        for (Continuation c : all) c.run();
        if (!all[all.length - 1].isDone()) throw new IllegalStateException("an empty continuation did not end");
    }

    /** kotlinx.coroutines: {@code n} empty {@code launch}es in a {@code coroutineScope}, which waits for them all. */
    @Benchmark
    public void dKotlinx() {
        Kotlinx.dLaunch(n);
    }

    /**
     * Virtual threads on one carrier: a virtual thread starts {@code n} virtual threads of an empty body, then
     * joins each.
     *
     * @throws Exception if a thread fails
     */
    @Benchmark
    public void dVirtual() throws Exception {
        int n = this.n;
        inVirtualThread(() -> {
            Thread[] all = new Thread[n];
            for (int i = 0; i < n; i++) all[i] = Thread.startVirtualThread(EMPTY);
            for (Thread t : all) t.join();
        });
    }
}
