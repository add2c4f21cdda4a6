package io.loopfx.demo.downloads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on {@code 127.0.0.1} (an ephemeral port) that serves generated files at a throttled
 * rate, so the downloads tab has something slow and unreliable to talk to without the network.
 *
 * <p>{@code GET /files/NAME?size=BYTES} answers {@code BYTES} bytes of a fixed pattern. The server can be
 * told to {@linkplain #failNext fail} the next requests for a name (HTTP 503) and to
 * {@linkplain #setStalled stall}: while stalled, every response stops after half its body and waits, which
 * lets a test cancel a download mid-way without racing the transfer.
 */
public final class DownloadServer implements AutoCloseable {
    /** Bytes written per write; the throttle sleeps between writes. */
    private static final int CHUNK = 16 * 1024;

    private final HttpServer server;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean stalled; // guarded by gate
    private boolean closed;  // guarded by gate
    private volatile long bytesPerSecond;

    private DownloadServer(HttpServer server, long bytesPerSecond) {
        this.server = server;
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Starts a server on {@code 127.0.0.1} and an ephemeral port.
     *
     * @param bytesPerSecond the rate each response is throttled to; 0 for no throttle
     * @param handlers       where responses are written: one thread per response while it runs (a cached
     *                       pool), owned by the caller
     * @return the running server
     * @throws IOException if the port cannot be opened
     */
    public static DownloadServer start(long bytesPerSecond, Executor handlers) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DownloadServer s = new DownloadServer(http, bytesPerSecond);
        http.createContext("/files/", s::serve);
        http.setExecutor(handlers);
        http.start();
        return s;
    }

    /**
     * Returns the address of a generated file.
     *
     * @param name the file's name
     * @param size its size in bytes
     * @return its URI on this server
     */
    public URI uri(String name, long size) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name + "?size=" + size);
    }

    /**
     * Returns the server's base address, for display.
     *
     * @return {@code http://127.0.0.1:PORT/}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /**
     * Sets the rate each response is throttled to; affects responses already running.
     *
     * @param bytesPerSecond bytes per second, 0 for no throttle
     */
    public void setRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Makes the next {@code times} requests for {@code name} fail with HTTP 503.
     *
     * @param name  the file's name
     * @param times how many requests fail
     */
    public void failNext(String name, int times) {
        failures.merge(name, times, Integer::sum);
    }

    /**
     * Stalls or resumes the server: while stalled, each response stops after half its body until resumed.
     *
     * @param stall true to stall
     */
    public void setStalled(boolean stall) {
        synchronized (gate) {
            stalled = stall;
            gate.notifyAll();
        }
    }

    /** Stops the server: stalled responses are released and every connection is closed; the handlers' executor stays up. */
    @Override
    public void close() {
        synchronized (gate) {
            closed = true;
            gate.notifyAll();
        }
        server.stop(0);
    }

    /**
     * Returns when each request for {@code name} arrived ({@link System#nanoTime()}) and what it was answered,
     * oldest first: what the client did, for checks that must not depend on watching a label in time.
     *
     * @param name the file's name
     * @return the requests so far
     */
    public List<Request> requests(String name) {
        return requests.stream().filter(r -> r.name().equals(name)).toList();
    }

    /**
     * One request the server received.
     *
     * @param name     the file asked for
     * @param status   the HTTP status it was answered with
     * @param nanoTime when it arrived ({@link System#nanoTime()})
     */
    public record Request(String name, int status, long nanoTime) {
    }

    private void serve(HttpExchange exchange) {
        long arrived = System.nanoTime();
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/files/".length());
            boolean fail = takeFailure(name);
            requests.add(new Request(name, fail ? 503 : 200, arrived));
            if (fail) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            long size = sizeParameter(exchange.getRequestURI());
            exchange.sendResponseHeaders(200, size);
            sendBody(exchange.getResponseBody(), size);
        } catch (IOException | InterruptedException clientGoneOrServerClosed) {
            // A cancelled download closes its connection: nothing to report on the server side.
        }
    }

    /** Counts one failure of {@code name} down; true if there was one to serve. */
    private boolean takeFailure(String name) {
        boolean[] took = {false};
        failures.computeIfPresent(name, (k, n) -> {
            took[0] = true;
            return n > 1 ? n - 1 : null;
        });
        return took[0];
    }

    private void sendBody(OutputStream out, long size) throws IOException, InterruptedException {
        byte[] chunk = new byte[CHUNK];
        long sent = 0;
        boolean pastHalf = false;
        while (sent < size) {
            int n = (int) Math.min(CHUNK, size - sent);
            for (int i = 0; i < n; i++) chunk[i] = (byte) ((sent + i) % 251); // a pattern a test could check
            out.write(chunk, 0, n);
            out.flush();
            sent += n;
            if (!pastHalf && sent >= size / 2) {
                pastHalf = true;
                awaitNotStalled();
            }
            long rate = bytesPerSecond;
            if (rate > 0) TimeUnit.NANOSECONDS.sleep(n * 1_000_000_000L / rate);
        }
    }

    private void awaitNotStalled() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) gate.wait();
        }
    }

    private static long sizeParameter(URI uri) {
        String q = uri.getQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith("size=")) return Long.parseLong(kv.substring(5));
            }
        }
        return 1024 * 1024;
    }
}
