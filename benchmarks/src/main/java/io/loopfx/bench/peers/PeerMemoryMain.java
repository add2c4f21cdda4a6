package io.loopfx.bench.peers;

import io.loopfx.bench.Json;
import io.loopfx.bench.Options;
import io.loopfx.bench.TaskMemoryMain;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Workload e of asyncio_bench.py (loopfx: {@link TaskMemoryMain}) for the peers: heap bytes per parked task,
 * measured the same way (heap used after a full GC before and after parking {@code n}, over {@code n}, the
 * array holding them included; cold right after class loading, and warm after {@code --warmup-rounds} rounds of
 * 10,000). What is parked:
 * <ul>
 * <li>{@code raw}: a {@code jdk.internal.vm.Continuation} run once to a {@code yield} (its frozen stack and
 *     the continuation itself: the floor under any task on continuations);</li>
 * <li>{@code kotlinx}: a coroutine {@code launch}ed in {@code runBlocking}, suspended in {@code delay(1 h)};</li>
 * <li>{@code virtual}: a virtual thread in {@code Thread.sleep(1 h)} (run it with
 *     {@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1}, the
 *     carrier of the JMH peers; the figure does not depend on it).</li>
 * </ul>
 *
 * <p>Options: {@code --peer raw|kotlinx|virtual --n 100000 --warmup-rounds 5 --jsonl FILE}; appends one JSON
 * line to FILE (or stdout), with the fields of TaskMemoryMain's and {@code peer}.
 */
public final class PeerMemoryMain {
    private static final ContinuationScope SCOPE = new ContinuationScope("peer-memory");

    /** Parks {@code n} tasks of one peer: runs {@code before}, parks them, hands their count to {@code parked}, ends them. */
    @FunctionalInterface
    private interface Parker {
        void park(int n, Runnable before, IntConsumer parked) throws Exception;
    }

    private PeerMemoryMain() {
    }

    /**
     * Runs one measurement.
     *
     * @param args the options
     * @throws Exception if the peer fails
     */
    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String peer = o.value("peer", "");
        Parker parker = switch (peer) {
            case "raw" -> PeerMemoryMain::parkContinuations;
            case "kotlinx" -> Kotlinx::parkInDelay;
            case "virtual" -> PeerMemoryMain::parkVirtualThreads;
            default -> throw new IllegalArgumentException(
                    "--peer must be raw, kotlinx or virtual, got '" + peer + "'");
        };
        int n = o.intValue("n", 100_000);
        int warmupRounds = o.intValue("warmup-rounds", 5);
        measure(parker, 1000, null); // load and initialise everything a parked task needs first
        Map<String, Object> cold = new LinkedHashMap<>();
        measure(parker, n, cold);
        for (int r = 0; r < warmupRounds; r++) measure(parker, 10_000, null);
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("peer", peer);
        measure(parker, n, sample);
        sample.put("cold_value", cold.get("value"));
        sample.put("warmup_rounds", warmupRounds);
        Json.appendLine(o.value("jsonl", null), sample);
    }

    /** One round: parks n tasks, records the heap growth into {@code sample} if given. */
    private static void measure(Parker parker, int n, Map<String, Object> sample) throws Exception {
        long[] before = new long[1];
        parker.park(n, () -> before[0] = TaskMemoryMain.heapUsedAfterGc(), pending -> {
            long after = TaskMemoryMain.heapUsedAfterGc();
            if (pending != n) throw new IllegalStateException("only " + pending + "/" + n + " tasks parked");
            if (sample == null) return;
            sample.put("value", (double) (after - before[0]) / n);
            sample.put("unit", "bytes/task");
            sample.put("heap_before", before[0]);
            sample.put("heap_after", after);
            sample.put("pending", pending);
            sample.put("n", n);
            sample.put("gc", String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(b -> b.getName()).toList()));
        });
    }

    /** The raw floor: continuations run once to a yield, then dropped (a parked continuation needs no ending). */
    private static void parkContinuations(int n, Runnable before, IntConsumer parked) {
        before.run();
        Continuation[] all = new Continuation[n];
        for (int i = 0; i < n; i++) {
            all[i] = new Continuation(SCOPE, () -> Continuation.yield(SCOPE));
            all[i].run();
        }
        int pending = 0;
        for (Continuation c : all) if (!c.isDone()) pending++;
        parked.accept(pending);
        Reference.reachabilityFence(all); // else compiled code may let the GC in parked.accept collect them
    }

    /** Virtual threads in {@code Thread.sleep(1 h)}; ended by an interrupt. */
    private static void parkVirtualThreads(int n, Runnable before, IntConsumer parked) throws InterruptedException {
        before.run();
        Thread[] all = new Thread[n];
        for (int i = 0; i < n; i++) {
            all[i] = Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(Duration.ofHours(1));
                } catch (InterruptedException expected) {
                    // how the round ends them
                }
            });
        }
        int pending = 0;
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(10)) {
            pending = 0;
            for (Thread t : all) if (t.getState() == Thread.State.TIMED_WAITING) pending++;
            if (pending == n) break;
        }
        parked.accept(pending);
        for (Thread t : all) t.interrupt();
        for (Thread t : all) t.join();
    }
}
