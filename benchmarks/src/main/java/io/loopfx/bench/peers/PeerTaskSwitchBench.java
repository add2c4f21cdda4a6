package io.loopfx.bench.peers;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.util.concurrent.CompletableFuture;

/**
 * Workloads c1 and c3 of asyncio_bench.py (loopfx: {@code TaskSwitchBench.c1PingPongFuture} and
 * {@code c3Sleep0}) for the peers: the cost of suspending and resuming.
 */
public class PeerTaskSwitchBench extends PeerBenchmark {
    private static final ContinuationScope SCOPE = new ContinuationScope("peer-bench");

    /** Round trips (c1) or yields (c3) per operation (asyncio_bench.py's n). */
    @Param("200000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public PeerTaskSwitchBench() {
    }

    /** A body that yields its continuation {@code n} times. */
    private static Runnable yielding(int n) {
        return () -> {
            for (int i = 0; i < n; i++) Continuation.yield(SCOPE);
        };
    }

    /**
     * c1, the raw limit: two continuations that only yield, resumed in turn: two yields and two resumes per
     * round trip, no future, no queue, no scheduler.
     */
    @Benchmark
    public void c1Raw() {
        Continuation ping = new Continuation(SCOPE, yielding(n));
        Continuation pong = new Continuation(SCOPE, yielding(n));
        while (!ping.isDone()) {
            ping.run();
            pong.run();
        }
    }

    /** c1, kotlinx.coroutines: two coroutines in {@code runBlocking}, through {@code CompletableDeferred}s. */
    @Benchmark
    public void c1Kotlinx() {
        Kotlinx.c1PingPong(n);
    }

    /** The request slot of the virtual threads' ping-pong: a future whose value is the future to answer on. */
    private static final class Slot {
        CompletableFuture<CompletableFuture<Void>> request = new CompletableFuture<>();
    }

    /**
     * c1, virtual threads on one carrier: loopfx's c1 with threads for tasks and {@code CompletableFuture.join}
     * for {@code await} (each join of a pending future parks the virtual thread).
     *
     * @throws Exception if a thread fails
     */
    @Benchmark
    public void c1Virtual() throws Exception {
        int n = this.n;
        inVirtualThread(() -> {
            Slot slot = new Slot();
            Thread ponger = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) {
                    CompletableFuture<Void> reply = slot.request.join();
                    slot.request = new CompletableFuture<>();
                    reply.complete(null);
                }
            });
            Thread.yield(); // let the ponger park on the first request
            for (int i = 0; i < n; i++) {
                CompletableFuture<Void> reply = new CompletableFuture<>();
                slot.request.complete(reply);
                reply.join();
            }
            ponger.join();
        });
    }

    /** c3, the raw limit: one continuation yielding {@code n} times, resumed each time: one yield and one run. */
    @Benchmark
    public void c3Raw() {
        Continuation c = new Continuation(SCOPE, yielding(n));
        while (!c.isDone()) c.run();
    }

    /** c3, kotlinx.coroutines: one coroutine calling {@code yield()} {@code n} times in {@code runBlocking}. */
    @Benchmark
    public void c3Kotlinx() {
        Kotlinx.c3Yield(n);
    }

    /**
     * c3, virtual threads on one carrier: {@code Thread.yield()} {@code n} times (a virtual thread yields its
     * carrier: unmounted, resubmitted to the scheduler, mounted again).
     *
     * @throws Exception if the thread fails
     */
    @Benchmark
    public void c3Virtual() throws Exception {
        int n = this.n;
        inVirtualThread(() -> {
            for (int i = 0; i < n; i++) Thread.yield();
        });
    }
}
