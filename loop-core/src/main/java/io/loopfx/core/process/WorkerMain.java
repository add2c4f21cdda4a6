package io.loopfx.core.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The main class of a worker process. Arguments: the pool's port on the loopback interface, this worker's
 * token, the parent's pid. It connects, presents its token, then runs one task at a time until the pool
 * closes the connection.
 *
 * <p>It exits as soon as its parent is gone, whichever way it went: the task channel reaches end of file,
 * its standard input (a pipe the parent holds and never writes) reaches end of file, or
 * {@code ProcessHandle.of(parentPid).onExit()} fires. Its own {@code System.out} and {@code System.err} stay
 * the process's standard streams; the parent logs them.
 */
final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        long parentPid = Long.parseLong(args[2]);
        watchParent(parentPid);

        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        out.writeUTF(token);
        out.flush();
        String name = in.readUTF();
        String pattern = in.readUTF();
        Thread.currentThread().setName(name);
        while (true) {
            byte type;
            try {
                type = in.readByte();
            } catch (EOFException | java.net.SocketException closed) {
                exitSoon(); // the pool closed the channel: an orderly shutdown
                return;
            }
            if (type != Wire.TASK) throw new IOException("unexpected frame " + type);
            long id = in.readLong();
            Set<String> trusted = Wire.readNames(in);
            byte[] payload = Wire.readPayload(in);
            byte replyType;
            byte[] reply;
            try {
                Object work = Wire.deserialize(payload, pattern, trusted, null, "a task from the pool");
                reply = Wire.serialize(run(work)).bytes();
                replyType = Wire.RESULT;
            } catch (Throwable t) {
                reply = Wire.serialize(RemoteFailure.of(t)).bytes();
                replyType = Wire.ERROR;
            }
            Wire.writeFrame(out, replyType, id, reply);
            out.flush();
        }
    }

    private static Object run(Object work) throws Exception {
        if (work instanceof ProcessCallable<?> c) return c.compute();
        if (work instanceof Callable<?> c) return c.call();
        if (work instanceof Runnable r) {
            r.run();
            return null;
        }
        throw new IllegalArgumentException("not a task: " + work.getClass().getName());
    }

    /** Exits at once, without the application's shutdown hooks, when the parent process is gone. */
    private static void watchParent(long parentPid) {
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
        Thread stdin = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() != -1) {
                    // the parent never writes; end of file means it closed the pipe or died
                }
            } catch (IOException e) {
                // the same
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watch");
        stdin.setDaemon(true);
        stdin.start();
    }

    /** Runs the shutdown hooks, but does not let a stuck one keep the process alive. */
    private static void exitSoon() {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                // halt now
            }
            Runtime.getRuntime().halt(0);
        }, "exit-guard");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }
}
