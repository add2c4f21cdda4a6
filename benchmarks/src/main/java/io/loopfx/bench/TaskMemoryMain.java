package io.loopfx.bench;

import io.loopfx.core.Async;
import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Workload e of asyncio_bench.py: heap bytes per task parked in {@code sleep(1 h)}. Run it in a fresh JVM
 * per sample. Heap used after a full GC is read before and after starting {@code n} tasks (after two
 * {@code yieldNow} so that every task is parked on its timer); the difference over {@code n} includes the
 * array holding the tasks, as asyncio's figure includes its list. asyncio measures RSS; a JVM's RSS mostly
 * shows heap sizing, so the heap is the fair measure of what a task costs.
 *
 * <p>Most of a parked task is its stack chunk, the frozen frames of its body down to {@code await}, and
 * interpreted frames are larger than compiled ones. So the JVM is measured twice: <em>cold</em> (n tasks
 * started right after class loading, while most of that code still runs in the interpreter) and, after
 * {@code --warmup-rounds} rounds of 10,000 parked-and-cancelled tasks, <em>warm</em> (the steady state of a
 * long-running application, as JMH measures after its warm-up). {@code value} is the warm figure;
 * {@code cold_value} is recorded beside it.
 *
 * <p>Options: {@code --n 100000 --warmup-rounds 5 --jsonl FILE}; appends one JSON line to FILE (or stdout).
 */
public final class TaskMemoryMain {
    private static final Coroutine<Void> SLEEPER = () -> {
        Async.sleep(Duration.ofHours(1));
        return null;
    };

    private TaskMemoryMain() {
    }

    /**
     * Runs one measurement.
     *
     * @param args the options
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        int n = o.intValue("n", 100_000);
        int warmupRounds = o.intValue("warmup-rounds", 5);
        String out = o.value("jsonl", null);
        try (EventLoop loop = EventLoop.create()) {
            parkAndCancel(loop, 1000, null); // load and initialise everything a sleeping task needs first
            Map<String, Object> cold = new LinkedHashMap<>();
            parkAndCancel(loop, n, cold);
            for (int r = 0; r < warmupRounds; r++) parkAndCancel(loop, 10_000, null);
            Map<String, Object> sample = new LinkedHashMap<>();
            parkAndCancel(loop, n, sample);
            sample.put("cold_value", cold.get("value"));
            sample.put("warmup_rounds", warmupRounds);
            Json.appendLine(out, sample);
        }
    }

    /** Parks {@code n} sleeping tasks, records the heap growth into {@code sample} if given, then cancels them. */
    private static void parkAndCancel(EventLoop loop, int n, Map<String, Object> sample) throws Exception {
        loop.runUntilComplete(() -> {
            long before = heapUsedAfterGc();
            Task<?>[] tasks = new Task<?>[n];
            for (int i = 0; i < n; i++) tasks[i] = loop.createTask(SLEEPER);
            Async.yieldNow();
            Async.yieldNow();
            long after = heapUsedAfterGc();
            int pending = 0;
            for (Task<?> t : tasks) if (!t.isDone()) pending++;
            if (pending != n) throw new IllegalStateException("only " + pending + "/" + n + " tasks parked");
            if (sample != null) {
                sample.put("value", (double) (after - before) / n);
                sample.put("unit", "bytes/task");
                sample.put("heap_before", before);
                sample.put("heap_after", after);
                sample.put("pending", pending);
                sample.put("n", n);
                sample.put("gc", String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(b -> b.getName()).toList()));
            }
            for (Task<?> t : tasks) t.cancel();
            for (Task<?> t : tasks) awaitCancelled(t);
            return null;
        });
    }

    private static void awaitCancelled(LoopFuture<?> task) throws Exception {
        try {
            Async.await(task);
        } catch (CancellationException expected) {
            // what a cancelled sleeper ends with
        }
    }

    /**
     * Returns the heap in use after three full GCs (what is still reachable), in bytes.
     *
     * @return the used heap
     */
    public static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
