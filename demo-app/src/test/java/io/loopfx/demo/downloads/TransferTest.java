package io.loopfx.demo.downloads;

import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The download's copy loop on a virtual clock: each chunk arrives after a scripted delay, and the test checks
 * what the row would show and when, to the millisecond.
 */
class TransferTest {
    private static final int KB100 = 100 * 1024;

    @Test
    void aChunkLaterThanASecondShowsStalledAfterExactlyASecondThenDownloadingAgain() throws Exception {
        List<String> shown = new ArrayList<>();
        long total = copy(shown, chunk(250, KB100), chunk(250, KB100), chunk(2500, KB100),
                chunk(250, KB100), chunk(250, KB100), chunk(0, -1));
        assertEquals(5L * KB100, total);
        assertEquals(List.of(
                "0 ms: downloading",
                "500 ms: speed 400.0 KB/s",
                "1500 ms: stalled",            // the third chunk started at 500 ms and is not there a second later
                "1500 ms: speed ",             // no frozen speed while nothing comes
                "3000 ms: downloading",
                "3500 ms: speed 400.0 KB/s"),  // measured from the end of the pause, not diluted by it
                shown);
    }

    @Test
    void chunksLessThanASecondApartNeverShowStalled() throws Exception {
        List<String> shown = new ArrayList<>();
        copy(shown, chunk(900, KB100), chunk(999, KB100), chunk(900, KB100), chunk(0, -1));
        assertEquals(List.of("0 ms: downloading", "900 ms: speed 111.1 KB/s", "1899 ms: speed 100.1 KB/s",
                "2799 ms: speed 111.1 KB/s"), shown);
    }

    @Test
    void aChunkThatFailsWhileStalledEndsTheCopyStillShowingStalled() {
        List<String> shown = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> copy(shown, chunk(1500, new IOException("reset"))));
        assertEquals("reset", e.getMessage());
        // The row's retry code takes over from here; "downloading" for a moment would be wrong.
        assertEquals(List.of("0 ms: downloading", "1000 ms: stalled", "1000 ms: speed "), shown);
    }

    @Test
    void cancellingTheTaskBeforeAStallCancelsTheChunkItWaitsFor() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<LoopFuture<Integer>> asked = new ArrayList<>();
            Transfer.Display display = new Transfer.Display(status -> {
            }, speed -> {
            }, bytes -> {
            });
            Task<Long> copy = loop.createTask(() -> Transfer.copy(() -> {
                LoopFuture<Integer> f = loop.createFuture();
                asked.add(f);
                return f;
            }, display));
            loop.callLater(Duration.ofMillis(500), copy::cancel);
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(copy));
            // Else the chunk's read, failing once its stream is closed, would be reported as nobody's failure.
            assertTrue(asked.get(0).isCancelled(), "the chunk was dropped with the task");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A scripted chunk: its delay after it was asked for, and its byte count or failure. */
    private record Chunk(long delayMillis, int bytes, Exception failure) {
    }

    private static Chunk chunk(long delayMillis, int bytes) {
        return new Chunk(delayMillis, bytes, null);
    }

    private static Chunk chunk(long delayMillis, Exception failure) {
        return new Chunk(delayMillis, 0, failure);
    }

    /** Runs the copy loop over {@code chunks} on a virtual-clock loop, noting in {@code shown} what it displays and when. */
    private static long copy(List<String> shown, Chunk... chunks) throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            long t0 = loop.time();
            Iterator<Chunk> script = List.of(chunks).iterator();
            Transfer.Display display = new Transfer.Display(
                    status -> shown.add(at(loop, t0) + status),
                    speed -> shown.add(at(loop, t0) + "speed " + speed),
                    bytes -> {
                    });
            return loop.runUntilComplete(() -> Transfer.copy(() -> {
                Chunk c = script.next();
                LoopFuture<Integer> f = loop.createFuture();
                loop.callLater(Duration.ofMillis(c.delayMillis()), () -> {
                    if (c.failure() != null) f.setException(c.failure());
                    else f.setResult(c.bytes());
                });
                return f;
            }, display));
        }
    }

    private static String at(EventLoop loop, long t0) {
        return (loop.time() - t0) / 1_000_000 + " ms: ";
    }
}
