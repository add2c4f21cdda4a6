package io.loopfx.bench.fx;

import io.loopfx.bench.Options;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;

/**
 * FX workload fx2 (issue 4): 4 producer threads, released together by a barrier, each send {@code n/4}
 * callbacks to the FX thread, with {@link FxEventLoop#callSoonThreadsafe} on one side and one
 * {@link Platform#runLater} per callback on the other; time = barrier release to the {@code n}-th callback
 * having run (asyncio_bench.py's b, on the FX thread). Each callback counts its own run; after every run
 * (outside the timed part) both queues are flushed and every callback is checked to have run exactly once.
 *
 * <p>Options: {@code --n 200000 --runs 5 --warmup 2} and those of {@link FxBenchRun}. Prints one JSON line:
 * medians of callbacks/s for each side, their ratio, {@code exactly_once} (true only if every run of both
 * sides delivered every callback exactly once) and the per-run samples.
 */
public final class FxThreadsafeMain {
    private static final int PRODUCERS = 4;

    private FxThreadsafeMain() {
    }

    /**
     * Runs the measurement and exits the JVM.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        FxBenchRun.main("fx2", args, FxThreadsafeMain::measure);
    }

    private static void measure(FxEventLoop loop, Options o, Map<String, Object> out) throws Exception {
        int n = o.intValue("n", 200_000) / PRODUCERS * PRODUCERS;
        List<String> violations = new ArrayList<>();
        SideBySide sides = new SideBySide(n, o.intValue("runs", 5), o.intValue("warmup", 2));
        sides.run(() -> produce(n, loop, loop::callSoonThreadsafe, "loopfx", violations),
                () -> produce(n, loop, Platform::runLater, "runLater", violations));
        sides.report(out);
        out.put("producers", PRODUCERS);
        out.put("exactly_once", violations.isEmpty());
        if (!violations.isEmpty()) out.put("exactly_once_violations", violations);
    }

    /** One run of one side; returns {barrier release to last callback ns, -1}. */
    private static long[] produce(int n, FxEventLoop loop, Consumer<Runnable> post, String side,
                                  List<String> violations) throws Exception {
        byte[] runs = new byte[n];
        int[] ran = {0}; // FX thread only
        long[] released = new long[1];
        CompletableFuture<Long> allRan = new CompletableFuture<>();
        CyclicBarrier start = new CyclicBarrier(PRODUCERS, () -> released[0] = System.nanoTime());
        int perProducer = n / PRODUCERS;
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = base; i < base + perProducer; i++) {
                    int item = i;
                    post.accept(() -> {
                        runs[item]++;
                        if (++ran[0] == n) allRan.complete(System.nanoTime());
                    });
                }
            }, "fx2-producer-" + p);
            t.setDaemon(true);
            producers.add(t);
            t.start();
        }
        long end = FxBenchRun.await(allRan, side + ": " + n + " callbacks from " + PRODUCERS + " threads to run");
        for (Thread t : producers) t.join();
        flush(loop);
        String v = FxBenchRun.onFx(() -> checkExactlyOnce(runs));
        if (v != null) violations.add(side + ": " + v);
        return new long[] {end - released[0], -1};
    }

    /** Waits until everything already sent to the loop and to runLater has run (both are FIFO). */
    private static void flush(FxEventLoop loop) throws Exception {
        CompletableFuture<Void> viaLoop = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> viaLoop.complete(null));
        FxBenchRun.await(viaLoop, "the loop's queue to drain");
        FxBenchRun.onFx(() -> null);
    }

    /** Returns null if every count is 1, else what went wrong. */
    private static String checkExactlyOnce(byte[] runs) {
        int never = 0;
        int more = 0;
        for (byte r : runs) {
            if (r == 0) never++;
            else if (r != 1) more++;
        }
        return never == 0 && more == 0 ? null
                : never + " callbacks never ran, " + more + " ran more than once (of " + runs.length + ")";
    }
}
