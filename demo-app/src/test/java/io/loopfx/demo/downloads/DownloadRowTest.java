package io.loopfx.demo.downloads;

import io.loopfx.core.Async;
import io.loopfx.core.sync.AsyncSemaphore;
import io.loopfx.fx.FxEventLoop;
import io.loopfx.test.FxLoopTest;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A download row's retries against the local server, on the FX loop's virtual clock: the transfers are real (a
 * real server and HttpClient) and take no loop time, since the clock only jumps to timers, so the loop time a
 * download takes is the sum of its back-offs (exact, between a failed attempt and the next) and of the stall
 * windows the clock jumped through while a chunk was on its way (which depend on the real I/O).
 */
class DownloadRowTest {
    private final ExecutorService io = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private DownloadServer server;
    private Path folder;

    @BeforeEach
    void start() throws Exception {
        server = DownloadServer.start(0, io); // no throttle
        folder = Files.createTempDirectory("loopfx-download-row");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        http.shutdownNow();
        io.shutdownNow();
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(folder);
    }

    private DownloadRow row(RemoteFile file) {
        return new DownloadRow(1, file, server.uri(file.name(), file.size()), folder.resolve(file.name()), http, io,
                new AsyncSemaphore(1));
    }

    @FxLoopTest(virtualClock = true)
    void twoFailedAttemptsAreRetriedAfterTheFirstBackOffAndTwiceIt(FxEventLoop loop) throws Exception {
        RemoteFile file = new RemoteFile("a.bin", 150 * 1024 + 7);
        server.failNext(file.name(), 2);
        DownloadRow row = row(file);
        // The transfer itself is real I/O, and while the loop waits for a chunk with nothing else due, the virtual
        // clock jumps to the chunk's stall deadline: the download's total time depends on the I/O. Between a failed
        // attempt and the next "connecting" there is only the back-off, so those gaps are exact.
        List<String> texts = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        ((Label) row.lookup(".download-status")).textProperty().addListener((obs, was, text) -> {
            texts.add(text);
            times.add(loop.time());
        });
        Path saved = Async.await(row.job().task());
        List<Duration> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < texts.size(); i++) {
            if (texts.get(i).startsWith("attempt ") && texts.get(i + 1).equals("connecting")) {
                gaps.add(Duration.ofNanos(times.get(i + 1) - times.get(i)));
            }
        }
        assertEquals(List.of(DownloadRow.FIRST_BACKOFF, DownloadRow.FIRST_BACKOFF.multipliedBy(2)), gaps, texts::toString);
        assertEquals(file.size(), Files.size(saved));
        assertEquals(List.of(503, 503, 200), server.requests(file.name()).stream().map(DownloadServer.Request::status).toList());
    }

    @FxLoopTest(virtualClock = true)
    void afterTheLastFailedAttemptTheDownloadFailsWithItsError(FxEventLoop loop) {
        RemoteFile file = new RemoteFile("b.bin", 1000);
        server.failNext(file.name(), DownloadRow.MAX_ATTEMPTS);
        long t0 = loop.time();
        IOException e = assertThrows(IOException.class, () -> Async.await(row(file).job().task()));
        assertEquals("HTTP 503", e.getMessage());
        assertEquals(DownloadRow.FIRST_BACKOFF.multipliedBy(1 + 2 + 4), Duration.ofNanos(loop.time() - t0));
        assertEquals(DownloadRow.MAX_ATTEMPTS, server.requests(file.name()).size());
    }
}
