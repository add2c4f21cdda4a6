package io.loopfx.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The pool of workload g1, for loopfx's benchmark and its raw floor alike: a fixed pool of {@code min(32, cpus + 4)}
 * daemon threads, Python's ThreadPoolExecutor default, one per trial.
 */
@State(Scope.Thread)
public class ExecutorPool {
    /** The job of every call: returns null at once. */
    public static final Callable<Void> TRIVIAL = () -> null;

    /** The pool of this trial. */
    public ExecutorService pool;

    /** Creates the state; JMH instantiates it. */
    public ExecutorPool() {
    }

    /** Starts the pool. */
    @Setup(Level.Trial)
    public void start() {
        pool = Executors.newFixedThreadPool(Math.min(32, Runtime.getRuntime().availableProcessors() + 4), r -> {
            Thread t = new Thread(r, "bench-executor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Shuts the pool down.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
