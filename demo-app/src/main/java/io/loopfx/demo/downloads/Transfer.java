package io.loopfx.demo.downloads;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.WaitMode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The copy loop of a download: awaits one chunk after another and tells a {@link Display} what to show. A
 * chunk that takes longer than {@link #STALL_AFTER} turns the status to "stalled" and clears the speed, rather
 * than leave the last speed up as if bytes still came; the next chunk turns it back to "downloading". It
 * waits with the loop's timers only, so a test on a virtual-clock loop drives it.
 */
final class Transfer {
    /** How long without a byte before a download shows as stalled. */
    static final Duration STALL_AFTER = Duration.ofSeconds(1);

    /**
     * What a download row shows; called on the loop's thread.
     *
     * @param status   takes "downloading" or "stalled"
     * @param speed    takes a speed such as "256.0 KB/s", or "" while stalled
     * @param received takes the bytes received so far
     */
    record Display(Consumer<String> status, Consumer<String> speed, LongConsumer received) {
    }

    private Transfer() {
    }

    /**
     * Copies chunk by chunk until a chunk reports the end. Called from a task.
     *
     * @param nextChunk starts moving the next chunk and returns its future: the bytes it moved, negative at the
     *                  end of the stream
     * @param display   what is shown
     * @return the bytes received
     * @throws Exception what {@code nextChunk} or a chunk throws, or the cancellation of the task
     */
    static long copy(Callable<LoopFuture<Integer>> nextChunk, Display display) throws Exception {
        EventLoop loop = EventLoop.current();
        display.status().accept("downloading");
        SpeedMeter meter = new SpeedMeter(loop.time());
        long received = 0;
        while (true) {
            LoopFuture<Integer> chunk = nextChunk.call();
            boolean stalled;
            try {
                // waitUntil cancels nothing, neither on timeout (the chunk goes on) nor when the task is cancelled ...
                stalled = !Async.waitUntil(List.of(chunk), WaitMode.FIRST_COMPLETED, STALL_AFTER).pending().isEmpty();
            } catch (CancellationException e) {
                chunk.cancel(); // ... so drop the chunk here, as await would: its bytes and its failure are unwanted now
                throw e;
            }
            if (stalled) {
                display.status().accept("stalled");
                display.speed().accept("");
            }
            int n = Async.await(chunk);
            if (n < 0) return received;
            received += n;
            display.received().accept(received);
            if (stalled) {
                display.status().accept("downloading");
                // Measure afresh from here: the chunk that ended the pause says nothing about the speed.
                meter = new SpeedMeter(loop.time());
            } else {
                meter.add(n, loop.time()).ifPresent(display.speed());
            }
        }
    }
}
