package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

class SmokeTest {
    @Test
    void sleepOnVirtualClock() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            long t0 = loop.time();
            String r = loop.runUntilComplete(() -> {
                Async.sleep(Duration.ofHours(1));
                return "ok";
            });
            assertEquals("ok", r);
            assertEquals(Duration.ofHours(1).toNanos(), loop.time() - t0);
        }
    }

    @Test
    void cancelRunsFinally() throws Exception {
        List<String> log = new ArrayList<>();
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Task<Void> t = loop.createTask(() -> {
                try {
                    Async.sleep(Duration.ofSeconds(10));
                    log.add("woke");
                } finally {
                    log.add("finally");
                }
                return null;
            });
            loop.callLater(Duration.ofSeconds(1), t::cancel);
            assertThrows(CancellationException.class, () -> loop.runUntilComplete(t));
            assertEquals(List.of("finally"), log);
        }
    }

    @Test
    void checkedExceptionThroughAwait() throws Exception {
        String r = EventLoop.run(() -> {
            CompletableFuture<String> cf = new CompletableFuture<>();
            new Thread(() -> cf.completeExceptionally(new IOException("disk"))).start();
            try {
                return Async.await(cf);
            } catch (IOException e) {
                return "caught " + e.getMessage();
            }
        });
        assertEquals("caught disk", r);
    }
}
