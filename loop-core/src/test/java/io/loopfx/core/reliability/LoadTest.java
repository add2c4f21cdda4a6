package io.loopfx.core.reliability;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.LoopStats;
import io.loopfx.core.Task;
import io.loopfx.core.TimerHandle;
import io.loopfx.core.contract.LoopRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Load: eight producer threads sending callbacks with {@code callSoonThreadsafe} while the loop runs timers and tasks
 * (every callback runs exactly once, in order per producer); a million tasks sleeping at once on the virtual clock
 * (all complete; the heap they take is measured and recorded, not asserted as a speed); a million timers created and
 * cancelled, on the loop thread and from other threads (the timer heap, as {@link EventLoop#stats()} shows it,
 * returns to its baseline). Public API only.
 *
 * <p>The defaults are the issue's full sizes (8 x 1,000,000 callbacks, a million tasks, a million timers); system
 * properties make them smaller for a quick local run ({@code -Dloopfx.load.perProducer}, {@code -Dloopfx.load.tasks},
 * {@code -Dloopfx.load.timers}). The figures of a run go to {@code target/load-figures.md} (see docs/reliability.md,
 * Load).
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadTest {
    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = Integer.getInteger("loopfx.load.perProducer", 1_000_000);
    private static final int SLEEPING_TASKS = Integer.getInteger("loopfx.load.tasks", 1_000_000);
    private static final int TIMERS = Integer.getInteger("loopfx.load.timers", 1_000_000);
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    private static void figure(String name, String value) {
        synchronized (FIGURES) {
            FIGURES.put(name, value);
        }
        System.out.println("[load] " + name + ": " + value);
    }

    @AfterAll
    static void writeFigures() throws IOException {
        Path out = ApiSurface.repoRoot().resolve("loop-core/target/load-figures.md");
        Files.createDirectories(out.getParent());
        StringBuilder sb = new StringBuilder("| figure | value |\n| --- | --- |\n");
        synchronized (FIGURES) {
            FIGURES.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        }
        sb.append("\nJava ").append(Runtime.version()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, max heap ").append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB\n");
        Files.writeString(out, sb.toString());
    }

    // ------------------------------------------------------------------ producers

    @Test
    void eightProducersCallbacksRunExactlyOnceInOrderWhileTheLoopRunsTimersAndTasks() throws Exception {
        int tasks = 100, rounds = 50, ticks = 200;
        long total = (long) PRODUCERS * PER_PRODUCER;
        try (EventLoop loop = EventLoop.create()) {
            // Touched on the loop thread only: no synchronisation, and a duplicate, a loss or a reordering shows as a
            // callback whose sequence number is not the next one expected from its producer.
            int[] next = new int[PRODUCERS];
            long[] ran = {0};
            List<String> wrong = new ArrayList<>();
            LoopFuture<Void> allDelivered = loop.createFuture();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            int seq = i;
                            loop.callSoonThreadsafe(() -> {
                                if (next[producer] != seq && wrong.size() < 10) {
                                    wrong.add("producer " + producer + ": expected #" + next[producer] + ", got #" + seq);
                                }
                                next[producer] = seq + 1;
                                if (++ran[0] == total) allDelivered.setResult(null);
                            });
                        }
                    } catch (Throwable e) {
                        producerFailure.set(e);
                    }
                }, "producer-" + p);
                t.start();
                producers.add(t);
            }
            long start = System.nanoTime();
            int[] ticked = {0};
            List<String> early = new ArrayList<>();
            long[] finishedAt = new long[3];
            loop.runUntilComplete(() -> {
                EventLoop l = EventLoop.current();
                // A chain of 1 ms timers, each checking that it did not run early.
                LoopFuture<Void> ticksDone = l.createFuture();
                Runnable[] tick = new Runnable[1];
                TimerHandle[] current = new TimerHandle[1];
                tick[0] = () -> {
                    if (l.time() < current[0].when()) early.add("timer " + ticked[0] + " ran early");
                    if (++ticked[0] < ticks) current[0] = l.callLater(Duration.ofMillis(1), tick[0]);
                    else ticksDone.setResult(null);
                };
                current[0] = l.callLater(Duration.ofMillis(1), tick[0]);
                // Tasks that sleep and yield in turns.
                List<Task<Integer>> sleepers = new ArrayList<>();
                for (int k = 0; k < tasks; k++) {
                    sleepers.add(l.createTask(() -> {
                        for (int r = 0; r < rounds; r++) {
                            long before = l.time();
                            Async.sleep(Duration.ofMillis(1));
                            if (l.time() - before < Duration.ofMillis(1).toNanos()) early.add("a sleep ended early");
                            Async.yieldNow();
                        }
                        return rounds;
                    }));
                }
                go.countDown(); // the producers start while timers and tasks are running
                Async.await(allDelivered);
                finishedAt[0] = System.nanoTime();
                Async.await(ticksDone);
                finishedAt[1] = System.nanoTime();
                for (Task<Integer> s : sleepers) assertEquals(rounds, (int) Async.await(s));
                finishedAt[2] = System.nanoTime();
                return null;
            });
            for (Thread t : producers) t.join();
            assertNull(producerFailure.get(), "a producer failed");
            loop.stop();
            loop.runForever(); // one more iteration: a callback delivered twice would run now and show as out of order
            assertEquals(List.of(), wrong, "callbacks of one producer ran out of order, twice, or not at all");
            assertEquals(total, ran[0]);
            for (int p = 0; p < PRODUCERS; p++) assertEquals(PER_PRODUCER, next[p], "producer " + p);
            assertEquals(ticks, ticked[0]);
            assertEquals(List.of(), early, "a timer or a sleep ended early");
            assertEquals(0, loop.stats().readyCallbacks());
            double seconds = (finishedAt[0] - start) / 1e9;
            figure("callSoonThreadsafe: producers x callbacks", PRODUCERS + " x " + String.format("%,d", PER_PRODUCER));
            figure("callSoonThreadsafe: time until all ran (with " + tasks + " tasks and a 1 ms timer chain)",
                    String.format("%.2f s (%,.0f callbacks/s)", seconds, total / seconds));
            figure("callSoonThreadsafe: loop iterations", String.format("%,d", loop.stats().iterations()));
        }
    }

    // ------------------------------------------------------------------ sleeping tasks

    /** The heap in use after a full collection (System.gc() is one with the JVM's default collector, G1). */
    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Tasks that each sleep once and count themselves done; one lambda for all, so the JIT compiles it once. */
    private static final class Sleepers {
        private static final Duration[] DELAYS = new Duration[1000]; // shared: the figure is the loop's cost, not the test's

        static {
            for (int i = 0; i < DELAYS.length; i++) DELAYS[i] = Duration.ofMillis(1 + i);
        }

        final int count;
        final LoopFuture<Void> allDone;
        int done;

        Sleepers(EventLoop loop, int count) {
            this.count = count;
            this.allDone = loop.createFuture();
            for (int i = 0; i < count; i++) start(loop, DELAYS[i % DELAYS.length]);
        }

        private void start(EventLoop loop, Duration delay) {
            loop.createTask(() -> {
                Async.sleep(delay);
                if (++done == count) allDone.setResult(null);
                return null;
            });
        }
    }

    @Test
    void aMillionTasksSleepingAtOnceOnTheVirtualClockAllCompleteAndTheirHeapIsMeasured() throws Exception {
        int n = SLEEPING_TASKS;
        long[] heap = new long[3]; // before, while all sleep, after
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            long[] phase = new long[4];
            int completed = loop.runUntilComplete(() -> {
                EventLoop l = EventLoop.current();
                // Warm-up: a suspended task keeps its frames as they were when it suspended, and interpreted frames are
                // larger than compiled ones. Without it the figure depends on how soon the JIT gets to the code (on a
                // busy machine, 25% more).
                for (int round = 0; round < 3; round++) Async.await(new Sleepers(l, 20_000).allDone);
                heap[0] = usedHeapAfterGc();
                long t0 = l.time();
                phase[0] = System.nanoTime();
                Sleepers sleepers = new Sleepers(l, n);
                Async.yieldNow(); // every task has run its first step now and sleeps
                phase[1] = System.nanoTime();
                LoopStats sleeping = l.stats();
                assertEquals(n + 1, sleeping.liveTasks(), "all of them and main are alive");
                assertEquals(n, sleeping.timers(), "one timer per sleeping task");
                assertEquals(0, sleepers.done, "none has woken: the clock has not moved");
                heap[1] = usedHeapAfterGc();
                phase[2] = System.nanoTime();
                Async.await(sleepers.allDone);
                phase[3] = System.nanoTime();
                assertEquals(Duration.ofMillis(Math.min(n, 1000)).toNanos(), l.time() - t0, "the last sleep ended at exactly 1 s");
                return sleepers.done;
            });
            assertEquals(n, completed);
            LoopStats after = loop.stats();
            assertEquals(0, after.liveTasks());
            assertEquals(0, after.timers());
            heap[2] = usedHeapAfterGc();
            double perTask = (heap[1] - heap[0]) / (double) n;
            double kept = (heap[2] - heap[0]) / (double) n;
            figure("sleeping tasks", String.format("%,d", n));
            figure("heap per sleeping task (task, continuation stack, sleep future, timer)", String.format("%.0f bytes", perTask));
            figure("heap kept per task after all completed (the loop's queues keep their grown arrays)",
                    String.format("%.1f bytes", kept));
            figure("sleeping tasks: create and start / run to completion (wall time)", String.format("%.2f s / %.2f s",
                    (phase[1] - phase[0]) / 1e9, (phase[3] - phase[2]) / 1e9));
            // Not a speed: a bound on what the loop keeps of finished tasks. It keeps nothing of them; the arrays of
            // its ready queue and timer heap keep the capacity they grew to (a few references per task).
            assertTrue(kept < 64, "the loop still holds " + kept + " bytes per finished task");
        }
    }

    // ------------------------------------------------------------------ timers

    @Test
    void aMillionTimersCreatedAndCancelledOnTheLoopThreadLeaveTheHeapAtItsBaseline() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            TimerHandle pin = loop.callLater(Duration.ofMinutes(30), () -> fail("the pin is cancelled first"));
            LoopStats baseline = loop.stats();
            assertEquals(1, baseline.timers());
            int[] peak = {0};
            int[] bulk = new int[2]; // the heap with all of the second half created, and once they are all cancelled
            loop.callSoon(() -> {
                // Half created and cancelled at once, half created all and then cancelled all: behind a live timer that
                // is due first, so only the compaction rule can remove them (DESIGN.md §2).
                for (int i = 0; i < TIMERS / 2; i++) {
                    loop.callLater(Duration.ofHours(1 + i % 24), () -> fail("cancelled")).cancel();
                    if ((i & 1023) == 0) peak[0] = Math.max(peak[0], loop.stats().timers());
                }
                List<TimerHandle> all = new ArrayList<>(TIMERS / 2);
                for (int i = 0; i < TIMERS / 2; i++) all.add(loop.callLater(Duration.ofHours(1 + i % 24), () -> fail("cancelled")));
                LoopStats all50 = loop.stats();
                bulk[0] = all50.timers() - all50.cancelledTimers(); // up to 100 cancelled ones of the first half remain
                for (TimerHandle h : all) h.cancel();
                bulk[1] = loop.stats().timers();
            });
            loop.stop();
            loop.runForever();
            LoopStats s = loop.stats();
            assertEquals(1, s.timers() - s.cancelledTimers(), "exactly one live timer, the pin: " + s);
            assertTrue(s.cancelledTimers() <= 100, "cancelled timers pile up behind the pin: " + s);
            assertTrue(peak[0] <= 2 * 101 + 1, "creating and cancelling one by one never grew the heap: peak " + peak[0]);
            assertEquals(TIMERS / 2 + 1, bulk[0], "live timers: the second half and the pin");
            assertTrue(bulk[1] <= 2 * 101 + 1, "cancelling them all compacted the heap as it went: " + bulk[1]);
            pin.cancel();
            loop.stop();
            loop.runForever();
            assertEquals(0, loop.stats().timers());
            assertEquals(0, loop.stats().cancelledTimers());
            figure("timers created and cancelled on the loop thread", String.format("%,d", TIMERS));
        }
    }

    @Test
    void aMillionTimersCancelledFromOtherThreadsAndTheLoopThreadLeaveTheHeapAtItsBaseline() throws Exception {
        int clients = 4, batch = 1000, batches = TIMERS / clients / batch;
        EventLoop loop = EventLoop.create();
        LoopRunner runner = new LoopRunner(loop, "timer-loop");
        try {
            // A live timer due before all the others: cancelled timers behind it leave only by compaction.
            TimerHandle pin = LoopRunner.callOn(loop, () -> loop.callLater(Duration.ofMinutes(30), () -> { }));
            int[] peak = {0};
            TimerHandle sampler = LoopRunner.callOn(loop, () -> {
                Runnable[] sample = new Runnable[1];
                TimerHandle[] h = new TimerHandle[1];
                sample[0] = () -> {
                    peak[0] = Math.max(peak[0], loop.stats().timers());
                    h[0] = loop.callLater(Duration.ofMillis(1), sample[0]);
                };
                h[0] = loop.callLater(Duration.ofMillis(1), sample[0]);
                return new TimerHandle() { // cancels whichever sampling timer is current
                    @Override
                    public long when() {
                        return h[0].when();
                    }

                    @Override
                    public void cancel() {
                        h[0].cancel();
                    }

                    @Override
                    public boolean isCancelled() {
                        return h[0].isCancelled();
                    }
                };
            });
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    try {
                        for (int b = 0; b < batches; b++) {
                            // The loop creates a batch; this thread cancels the odd ones, the loop the even ones.
                            List<TimerHandle> hs = LoopRunner.callOn(loop, () -> {
                                List<TimerHandle> list = new ArrayList<>(batch);
                                for (int i = 0; i < batch; i++) {
                                    list.add(loop.callLater(Duration.ofHours(1 + i % 24), () -> fail("cancelled")));
                                }
                                return list;
                            });
                            for (int i = 1; i < batch; i += 2) hs.get(i).cancel();
                            loop.callSoonThreadsafe(() -> {
                                for (int i = 0; i < batch; i += 2) hs.get(i).cancel();
                            });
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }, "timer-client-" + c);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) t.join();
            assertNull(failure.get(), "a client failed");
            // Everything the clients sent (their cancellations' bookkeeping included) happened before this round trip.
            LoopStats s = LoopRunner.callOn(loop, () -> {
                sampler.cancel();
                return loop.stats();
            });
            LoopStats settled = LoopRunner.callOn(loop, loop::stats); // after one more iteration
            assertEquals(1, settled.timers() - settled.cancelledTimers(), "exactly one live timer, the pin: " + settled);
            assertTrue(settled.cancelledTimers() <= 100, "cancelled timers pile up behind the pin: " + settled + " (" + s + ")");
            assertTrue(peak[0] < 20_000, "the heap grew to " + peak[0] + " entries; at most " + clients * batch * 2
                    + " timers are uncancelled or uncounted at a time");
            pin.cancel(); // from this thread too
            LoopRunner.callOn(loop, () -> null);
            LoopStats end = LoopRunner.callOn(loop, loop::stats);
            assertEquals(0, end.timers(), "back to the baseline: " + end);
            assertEquals(0, end.cancelledTimers(), "back to the baseline: " + end);
            figure("timers created on the loop thread, cancelled half from " + clients + " other threads, half on the loop",
                    String.format("%,d (heap peak %,d entries)", clients * batches * batch, peak[0]));
        } finally {
            runner.stopAndClose();
        }
    }
}
