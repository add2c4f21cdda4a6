package io.loopfx.demo.downloads;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The download server on its own: sizes, the failure switch and the stall switch. */
class DemoDownloadServerTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private DownloadServer server;

    @BeforeEach
    void start() throws Exception {
        server = DownloadServer.start(0, pool);
    }

    @AfterEach
    void stop() {
        server.close();
        http.shutdownNow();
        pool.shutdownNow();
    }

    private HttpResponse<byte[]> get(String name, long size) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri(name, size)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesExactlyTheAskedSizeInAFixedPattern() throws Exception {
        HttpResponse<byte[]> r = get("a.bin", 100_003);
        assertEquals(200, r.statusCode());
        assertEquals(100_003, r.body().length);
        assertEquals((byte) (100_002 % 251), r.body()[100_002]);
    }

    @Test
    void failNextAnswers503ThatManyTimesForThatNameOnly() throws Exception {
        server.failNext("a.bin", 2);
        assertEquals(200, get("b.bin", 10).statusCode());
        assertEquals(503, get("a.bin", 10).statusCode());
        assertEquals(503, get("a.bin", 10).statusCode());
        assertEquals(200, get("a.bin", 10).statusCode());
    }

    @Test
    void aStalledServerSendsHalfTheBodyUntilResumed() throws Exception {
        server.setStalled(true);
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(server.uri("a.bin", 64 * 1024)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] half = in.readNBytes(32 * 1024); // returns: the first half is sent before the stall
            assertEquals(32 * 1024, half.length);
            server.setStalled(false);
            byte[] rest = in.readAllBytes();
            assertEquals(32 * 1024, rest.length);
            byte[] expected = new byte[32 * 1024];
            for (int i = 0; i < expected.length; i++) expected[i] = (byte) ((32 * 1024 + i) % 251);
            assertArrayEquals(expected, rest);
        }
    }
}
