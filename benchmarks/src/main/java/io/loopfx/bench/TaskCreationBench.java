package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Workload d of asyncio_bench.py: create {@code n} tasks of an empty coroutine, then wait for all of them
 * (creation + completion). The wait is a future completed by a countdown in the tasks' done callbacks,
 * which is what {@code gather} does.
 */
public class TaskCreationBench extends LoopBenchmark {
    private static final Coroutine<Void> EMPTY = () -> null;

    /** Tasks per operation (asyncio_bench.py's n for d). */
    @Param("200000")
    public int n;

    /** Creates the benchmark; JMH instantiates it. */
    public TaskCreationBench() {
    }

    /** Completes {@link #all} once it has seen {@code n} done tasks. */
    private static final class Countdown implements Consumer<LoopFuture<Void>> {
        final LoopFuture<Void> all;
        int left;

        Countdown(EventLoop loop, int n) {
            all = loop.createFuture();
            left = n;
        }

        @Override
        public void accept(LoopFuture<Void> task) {
            if (--left == 0) all.setResult(null);
        }
    }

    /**
     * d tasks: one operation = creating {@code n} tasks and waiting until all are done.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void dTasks() throws Exception {
        EventLoop loop = this.loop;
        int n = this.n;
        loop.runUntilComplete(() -> {
            Countdown countdown = new Countdown(loop, n);
            for (int i = 0; i < n; i++) loop.createTask(EMPTY).addDoneCallback(countdown);
            return Async.await(countdown.all);
        });
    }

    /**
     * d with {@code Async.gather}: the same n tasks, waited for by {@code gather} instead of the countdown (as
     * asyncio_bench.py's d waits), so that gather's own cost shows beside {@link #dTasks}. Named apart from d's
     * pattern, so that bench/report.py does not take it for d.
     *
     * @throws Exception if the loop fails
     */
    @Benchmark
    public void gatherTasks() throws Exception {
        EventLoop loop = this.loop;
        int n = this.n;
        loop.runUntilComplete(() -> {
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) tasks.add(loop.createTask(EMPTY));
            return Async.gather(tasks);
        });
    }
}
