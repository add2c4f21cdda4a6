package io.loopfx.core.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pool's side of one worker process: it starts the process, accepts its connection on a loopback socket
 * of its own, reads its answers on its own thread, and forwards its standard output and error to the
 * {@link System.Logger}, keeping the last lines of the error stream for the message of a death.
 */
final class Worker {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a worker may take to start and connect. */
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    final String name;
    private final ProcessPoolExecutor pool;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final ArrayDeque<String> stdoutTail = new ArrayDeque<>();
    private final List<Thread> pumps = new ArrayList<>(2);
    private volatile Process process;
    private volatile Socket socket;
    private volatile boolean killed;
    private DataOutputStream out;

    // guarded by the pool's lock
    /** The task it runs, or null. */
    PoolTask<?> task;
    /** Connected and answering. */
    boolean ready;

    Worker(ProcessPoolExecutor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    /** Starts the process and its thread, which connects it and then reads its answers. */
    void start() {
        Thread t = new Thread(this::startAndRead, name);
        t.setDaemon(true);
        t.start();
    }

    private void startAndRead() {
        DataInputStream in;
        try {
            in = connect();
        } catch (IOException | RuntimeException e) {
            pool.workerLost(this, e);
            return;
        }
        pool.workerReady(this);
        try {
            while (true) {
                byte type = in.readByte();
                long id = in.readLong();
                byte[] payload = Wire.readPayload(in);
                pool.answered(this, id, type == Wire.RESULT, payload);
            }
        } catch (IOException | RuntimeException e) {
            pool.workerLost(this, e);
        }
    }

    private DataInputStream connect() throws IOException {
        String token = HexFormat.of().formatHex(randomBytes());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            ProcessBuilder pb = pool.processBuilder(server.getLocalPort(), token);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start worker " + name + " with " + pb.command()
                        + ": " + e.getMessage(), e);
            }
            process = p;
            ProcessPoolExecutor.LIVE.add(p);
            pump(p.inputReader(), false);
            pump(p.errorReader(), true);
            long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
            while (true) {
                if (killed) throw new IOException("killed while starting");
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException notYet) {
                    if (!p.isAlive()) throw new IOException("exited while starting");
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("did not connect within " + START_TIMEOUT_NANOS / 1_000_000_000 + " s");
                    }
                    continue;
                }
                s.setSoTimeout(10_000);
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                String presented;
                try {
                    presented = in.readUTF();
                } catch (IOException e) {
                    s.close();
                    continue;
                }
                if (!presented.equals(token)) { // some other local process: not ours
                    s.close();
                    continue;
                }
                s.setSoTimeout(0);
                socket = s;
                out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
                out.writeUTF(name);
                out.writeUTF(pool.filterPattern);
                out.flush();
                if (killed) throw new IOException("killed while starting");
                return in;
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private void pump(BufferedReader reader, boolean stderr) {
        Thread t = new Thread(() -> {
            try (reader) {
                for (String line; (line = reader.readLine()) != null; ) {
                    keep(stderr ? stderrTail : stdoutTail, line,
                            stderr ? ProcessPoolExecutor.STDERR_TAIL_LINES : ProcessPoolExecutor.STDOUT_TAIL_LINES);
                    ProcessPoolExecutor.LOG.log(stderr ? Level.WARNING : Level.INFO, name + " " + pid() + " "
                            + (stderr ? "stderr" : "stdout") + ": " + line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, name + (stderr ? " stderr" : " stdout"));
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    /** Sends a task. Called by one thread at a time: the one that gave it this task. */
    void send(PoolTask<?> t, Wire.Serialized work) throws IOException {
        DataOutputStream o = out;
        o.writeByte(Wire.TASK);
        o.writeLong(t.id);
        Wire.writeNames(o, work.classNames());
        o.writeInt(work.bytes().length);
        o.write(work.bytes());
        o.flush();
    }

    /** Kills the process (cancel, timeout, shutdownNow). Its thread then reports it lost. */
    void kill() {
        killed = true;
        Process p = process;
        if (p != null) p.destroyForcibly();
        closeQuietly();
    }

    /** Ends it in order: it sees the channel close and exits. */
    void retire() {
        closeQuietly();
    }

    private void closeQuietly() {
        Socket s = socket;
        try {
            if (s != null) s.close();
        } catch (IOException e) {
            // closed
        }
    }

    boolean wasKilled() {
        return killed;
    }

    /** Its pid, or -1 before it started. */
    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /**
     * Waits for the process to end (killing it if it lingers after its channel closed), and for its output to
     * be read, then returns its exit code, or -1 if there was no process.
     */
    int awaitExit() {
        Process p = process;
        if (p == null) return -1;
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            for (Thread t : pumps) t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
        try {
            p.getOutputStream().close(); // its standard input: the parent-watch pipe
        } catch (IOException e) {
            // gone
        }
        ProcessPoolExecutor.LIVE.remove(p);
        return p.isAlive() ? -1 : p.exitValue();
    }

    private static void keep(ArrayDeque<String> tail, String line, int max) {
        synchronized (tail) {
            if (tail.size() == max) tail.removeFirst();
            tail.addLast(line);
        }
    }

    List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    List<String> stdoutTail() {
        synchronized (stdoutTail) {
            return List.copyOf(stdoutTail);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
