package io.loopfx.bench.peers;

import io.loopfx.bench.LoopBenchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Base of the peer benchmarks (issue 16): the same workloads as loopfx's benchmarks in {@code io.loopfx.bench},
 * written for the raw limit ({@code jdk.internal.vm.Continuation}, an {@code ArrayDeque}), Netty's event loop,
 * kotlinx.coroutines and virtual threads, with the same JMH shape: one operation is one whole workload of
 * {@code n} items, timed in microseconds, so that bench/report.py lines them up by name ({@code a1Raw},
 * {@code a1Netty}, {@code a1Kotlinx} beside loopfx's {@code a1CallSoonAll}).
 *
 * <p>Every fork gets the coroutine engine's export (for the raw continuations) and a virtual-thread scheduler
 * of one carrier ({@code parallelism=1}, and {@code maxPoolSize=1} so that no blocked carrier is compensated
 * with a second one): virtual threads then run on one thread, as a loop does. Neither flag touches the other
 * peers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {LoopBenchmark.ADD_EXPORTS, PeerBenchmark.ONE_CARRIER, PeerBenchmark.ONE_CARRIER_MAX})
public abstract class PeerBenchmark {
    /** One carrier thread for all virtual threads. */
    public static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";
    /** No second carrier either when one is blocked (pinned). */
    public static final String ONE_CARRIER_MAX = "-Djdk.virtualThreadScheduler.maxPoolSize=1";

    /** A callback that does nothing: the unit of work of the callback workloads. */
    static final Runnable NOOP = () -> { };

    /** Creates the base; JMH instantiates the subclasses. */
    protected PeerBenchmark() {
    }

    /** A body that may throw, run in a virtual thread by {@link #inVirtualThread}. */
    @FunctionalInterface
    interface VirtualBody {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} in a new virtual thread and waits for it (the JMH thread is a platform thread: the
     * workload itself runs on the carrier, as a loopfx workload runs inside a task of its loop).
     *
     * @throws Exception what the body threw
     */
    static void inVirtualThread(VirtualBody body) throws Exception {
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofVirtual().name("workload").start(() -> {
            try {
                body.run();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) throw failure[0];
    }
}
