package io.loopfx.bench;

import io.loopfx.core.EventLoop;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Base of the loop benchmarks. One JMH operation is one whole workload of {@code n} items, timed like
 * asyncio_bench.py times it; bench/report.py divides the score by {@code n} to get asyncio's units. Each
 * benchmark runs on one {@link EventLoop#create() thread loop}, driven by the JMH worker thread, for the
 * whole trial (asyncio_bench.py also keeps one loop for all its runs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_EXPORTS)
public abstract class LoopBenchmark {
    /** The flag the coroutine engine needs, given to every forked benchmark JVM. */
    public static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    /** The loop under test. */
    protected EventLoop loop;

    /** Creates the base; JMH instantiates the subclasses. */
    protected LoopBenchmark() {
    }

    /** Creates the loop for this trial. */
    @Setup(Level.Trial)
    public void openLoop() {
        loop = EventLoop.create();
    }

    /** Closes the loop after the trial. */
    @TearDown(Level.Trial)
    public void closeLoop() {
        loop.close();
    }
}
