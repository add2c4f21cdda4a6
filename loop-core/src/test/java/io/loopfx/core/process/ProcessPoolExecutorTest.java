package io.loopfx.core.process;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The process pool against real worker JVMs. One shared pool of 2 small workers serves most tests (its
 * recovering from the deaths some of them cause is part of what is tested); timeouts are hang guards only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPoolExecutorTest {
    /** Small, quick-starting workers: the point is their behaviour, not their speed. */
    static final List<String> SMALL_WORKER = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    /** Counts the tasks each worker JVM ran (every worker has its own copy of this static). */
    static final AtomicLong RUNS_IN_THIS_JVM = new AtomicLong();

    static ProcessPoolExecutor pool;
    static final Logger POOL_LOG = Logger.getLogger(ProcessPoolExecutor.class.getName());
    static final List<LogRecord> LOGGED = new ArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (LOGGED) {
                LOGGED.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void startPool() {
        POOL_LOG.addHandler(CAPTURE);
        POOL_LOG.setUseParentHandlers(false); // the deaths below print stack traces on purpose
        pool = ProcessPoolExecutor.builder().name("test-pool").workers(2).jvmArgs(SMALL_WORKER).build();
    }

    @AfterAll
    static void closePool() {
        pool.close();
        POOL_LOG.removeHandler(CAPTURE);
        POOL_LOG.setUseParentHandlers(true);
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    }

    /** The failure of {@code f}, unwrapped from ExecutionException. */
    static Throwable failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(f));
        return e.getCause();
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > deadline) fail("process " + pid + " is still alive");
            Thread.sleep(50);
        }
    }

    static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) fail(file + " never appeared");
            Thread.sleep(20);
        }
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void resultsComeBack() throws Exception {
        Map<String, Object> back = get(pool.submit((ProcessCallable<Map<String, Object>>) () -> {
            Map<String, Object> m = new HashMap<>();
            m.put("list", List.of(1, 2L, "three"));
            m.put("ints", new int[]{4, 5});
            m.put("duration", Duration.ofMillis(6));
            m.put("pid", pid());
            return m;
        }));
        assertEquals(List.of(1, 2L, "three"), back.get("list"));
        assertEquals(5, ((int[]) back.get("ints"))[1]);
        assertEquals(Duration.ofMillis(6), back.get("duration"));
        assertNotEquals(pid(), back.get("pid"), "it ran in another process");
        assertEquals(null, get(pool.submit((ProcessCallable<Object>) () -> null)));
        assertEquals("ok", get(pool.submit((Runnable & Serializable) () -> { }, "ok")), "a Runnable's result stays here");
    }

    @Test
    void exceptionsComeBackWithTypeMessageCauseAndMarkedRemoteFrames() throws Exception {
        Throwable t = failure(pool.submit((ProcessCallable<String>) () -> {
            throw new IOException("disk full", new IllegalStateException("inner"));
        }));
        IOException io = assertInstanceOf(IOException.class, t);
        assertEquals("disk full", io.getMessage());
        assertEquals("inner", assertInstanceOf(IllegalStateException.class, io.getCause()).getMessage());
        StackTraceElement top = io.getStackTrace()[0];
        assertEquals(ProcessPoolExecutorTest.class.getName(), top.getClassName(), "the remote frame of the lambda");
        assertTrue(top.getClassLoaderName().startsWith("remote test-pool-worker-"), top.toString());
        assertTrue(top.toString().startsWith("remote test-pool-worker-"), top.toString());

        Throwable odd = failure(pool.submit((ProcessCallable<String>) () -> {
            throw new NoMessageConstructor(42);
        }));
        RemoteTaskException r = assertInstanceOf(RemoteTaskException.class, odd);
        assertEquals(NoMessageConstructor.class.getName(), r.remoteClassName());
        assertTrue(r.getMessage().contains("code 42"), r.getMessage());
    }

    /** An exception type the parent cannot rebuild: no public (String) constructor. */
    static final class NoMessageConstructor extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        NoMessageConstructor(int code) {
            super("code " + code);
        }
    }

    @Test
    void aThousandSmallTasksOverTwoWorkersEachRunExactlyOnce() throws Exception {
        List<CompletableFuture<long[]>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long index = i;
            futures.add(pool.submit((ProcessCallable<long[]>) () ->
                    new long[]{index, pid(), RUNS_IN_THIS_JVM.incrementAndGet()}));
        }
        Set<Long> indexes = new HashSet<>();
        Map<Long, Set<Long>> runsPerWorker = new HashMap<>();
        for (CompletableFuture<long[]> f : futures) {
            long[] r = get(f);
            assertTrue(indexes.add(r[0]), "index " + r[0] + " came back twice");
            assertTrue(runsPerWorker.computeIfAbsent(r[1], k -> new HashSet<>()).add(r[2]), "a run counted twice");
        }
        assertEquals(1000, indexes.size());
        assertTrue(runsPerWorker.size() <= 2 + 2, "at most 2 workers (plus replacements): " + runsPerWorker.keySet());
        // every worker's counter went 1, 2, ..., k with no gap: nothing ran twice or ran without answering
        for (Set<Long> runs : runsPerWorker.values()) {
            long max = runs.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(max >= runs.size(), "runs " + runs.size() + " max " + max);
        }
        assertEquals(1000, runsPerWorker.values().stream().mapToInt(Set::size).sum());
    }

    // ------------------------------------------------------------------ deaths

    /** Submits {@code killer} among ordinary tasks; returns its failure after checking the others completed. */
    static WorkerDiedException diesAlone(ProcessPoolExecutor p, ProcessCallable<Object> killer) throws Exception {
        List<CompletableFuture<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            others.add(p.submit((ProcessCallable<Integer>) () -> n * n));
        }
        CompletableFuture<Object> dying = p.submit(killer);
        for (int i = 5; i < 10; i++) {
            int n = i;
            others.add(p.submit((ProcessCallable<Integer>) () -> n * n));
        }
        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, failure(dying));
        for (int i = 0; i < others.size(); i++) assertEquals(i * i, get(others.get(i)), "task " + i);
        assertEquals("recovered", get(p.submit((ProcessCallable<String>) () -> "recovered")), "the pool healed");
        assertTrue(died.getMessage().contains(died.workerName()) && died.getMessage().contains("pid " + died.pid()),
                died.getMessage());
        awaitGone(died.pid());
        return died;
    }

    @Test
    void systemExitFailsOnlyItsTaskWithExitCodeAndStderr() throws Exception {
        WorkerDiedException died = diesAlone(pool, () -> {
            System.err.println("about to call System.exit(3)");
            System.err.flush();
            System.exit(3);
            return null;
        });
        assertEquals(3, died.exitCode());
        assertTrue(died.getMessage().contains("exit code 3"), died.getMessage());
        assertTrue(died.stderrTail().contains("about to call System.exit(3)"), died.getMessage());
        assertTrue(died.getMessage().contains("about to call System.exit(3)"), died.getMessage());
    }

    @Test
    void sigkillFailsOnlyItsTask() throws Exception {
        WorkerDiedException died = diesAlone(pool, () -> {
            new ProcessBuilder("kill", "-KILL", Long.toString(pid())).start().waitFor();
            Thread.sleep(60_000);
            return null;
        });
        assertEquals(137, died.exitCode(), died.getMessage()); // 128 + SIGKILL
    }

    @Test
    void exhaustingTheHeapFailsOnlyItsTask() throws Exception {
        WorkerDiedException died = diesAlone(pool, () -> {
            List<long[]> hog = new ArrayList<>();
            while (true) hog.add(new long[1 << 16]);
        });
        assertEquals(3, died.exitCode(), died.getMessage()); // -XX:+ExitOnOutOfMemoryError
        assertTrue(died.getMessage().contains("OutOfMemoryError"), died.getMessage());
    }

    /** A task that writes its worker's pid to {@code started}, then sleeps for two minutes. */
    static ProcessCallable<String> sleeperWritingItsPid(Path started) {
        String file = started.toString();
        return () -> {
            Files.writeString(Path.of(file + ".tmp"), Long.toString(pid()));
            Files.move(Path.of(file + ".tmp"), Path.of(file)); // whole, or not yet there
            Thread.sleep(120_000);
            return "too late";
        };
    }

    @Test
    void aTimeoutKillsAndReplacesTheWorker(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("started");
        CompletableFuture<String> slow = pool.submit(sleeperWritingItsPid(started), Duration.ofMillis(500));
        TimeoutException t = assertInstanceOf(TimeoutException.class, failure(slow));
        assertTrue(t.getMessage().contains("timeout") && t.getMessage().contains("test-pool-worker-"), t.getMessage());
        awaitFile(started);
        awaitGone(Long.parseLong(Files.readString(started)));
        assertEquals(7, get(pool.submit((ProcessCallable<Integer>) () -> 7)));
    }

    @Test
    void cancellingARunningTaskKillsAndReplacesItsWorker(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("started");
        CompletableFuture<String> slow = pool.submit(sleeperWritingItsPid(started));
        awaitFile(started);
        long worker = Long.parseLong(Files.readString(started));
        assertTrue(slow.cancel(true));
        assertThrows(CancellationException.class, slow::join);
        awaitGone(worker);
        assertNotEquals(worker, get(pool.submit((ProcessCallable<Long>) ProcessPoolExecutorTest::pid)));
    }

    @Test
    void cancellingTheTaskThatAwaitsRunInExecutorKillsTheWorker(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("started");
        ProcessCallable<String> sleeper = sleeperWritingItsPid(started);
        long[] worker = new long[1];
        String outcome = EventLoop.run(() -> {
            Task<String> waiting = EventLoop.current().createTask(() -> Async.await(EventLoop.current().runInExecutor(pool, sleeper)));
            while (!Files.exists(started)) Async.sleep(Duration.ofMillis(5));       // polls a file, not a guess
            worker[0] = Long.parseLong(Files.readString(started));
            waiting.cancel();
            try {
                Async.await(waiting);
                return "not cancelled";
            } catch (CancellationException e) {
                return "cancelled";
            }
        });
        assertEquals("cancelled", outcome);
        awaitGone(worker[0]);
    }

    // ------------------------------------------------------------------ the filter

    /** A result type the default filter refuses. */
    record Secret(String value) implements Serializable {
    }

    @Test
    void aRefusedClassNamesTheFilterOption() throws Exception {
        Throwable t = failure(pool.submit((ProcessCallable<Secret>) () -> new Secret("s")));
        InvalidClassException e = assertInstanceOf(InvalidClassException.class, t);
        assertTrue(e.getMessage().contains(Secret.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("allowClasses(\""), e.getMessage());
        assertEquals("worker still fine", get(pool.submit((ProcessCallable<String>) () -> "worker still fine")));

        try (ProcessPoolExecutor widened = ProcessPoolExecutor.builder().workers(1).jvmArgs(SMALL_WORKER)
                .allowClasses(Secret.class.getName()).build()) {
            assertEquals(new Secret("s"), get(widened.submit((ProcessCallable<Secret>) () -> new Secret("s"))));
        }
    }

    // ------------------------------------------------------------------ from an event loop

    @Test
    void aLoopTaskAwaitsPoolWork() throws Exception {
        ProcessCallable<Long> workerPid = ProcessPoolExecutorTest::pid;
        long viaRunInExecutor = EventLoop.run(() -> Async.await(EventLoop.current().runInExecutor(pool, workerPid)));
        assertNotEquals(pid(), viaRunInExecutor, "runInExecutor(pool, fn) ran fn in a worker");

        long viaSubmit = EventLoop.run(() -> Async.await(pool.submit(workerPid)));
        assertNotEquals(pid(), viaSubmit);

        String caught = EventLoop.run(() -> {
            try {
                return Async.await(EventLoop.current().runInExecutor(pool, (ProcessCallable<String>) () -> {
                    throw new IOException("remote I/O");
                }));
            } catch (IOException e) { // await rethrows the remote failure unchanged
                return e.getMessage();
            }
        });
        assertEquals("remote I/O", caught);
    }

    // ------------------------------------------------------------------ worker output

    @Test
    void workerOutputIsLoggedWithTheWorkerNameAndDoesNotDisturbTheChannel() throws Exception {
        assertEquals(3, get(pool.submit((ProcessCallable<Integer>) () -> {
            System.out.println("hello on stdout");
            System.out.print("no newline, and binary-looking bytes: \u0000\u0001R");
            System.out.println();
            System.err.println("hello on stderr");
            return 3;
        })));
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (true) {
            List<String> lines = new ArrayList<>();
            synchronized (LOGGED) {
                for (LogRecord r : LOGGED) lines.add(r.getLevel() + " " + r.getMessage());
            }
            boolean out = lines.stream().anyMatch(l -> l.startsWith("INFO test-pool-worker-") && l.endsWith("stdout: hello on stdout"));
            boolean err = lines.stream().anyMatch(l -> l.startsWith("WARNING test-pool-worker-") && l.endsWith("stderr: hello on stderr"));
            if (out && err) return;
            if (System.nanoTime() > deadline) fail("not logged: " + lines);
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------ shutdown

    @Test
    void afterCloseNoWorkerProcessRemains() throws Exception {
        Set<Long> pids = new HashSet<>();
        ProcessPoolExecutor p = ProcessPoolExecutor.builder().workers(2).prestart(true).jvmArgs(SMALL_WORKER).build();
        try (p) {
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(p.submit((ProcessCallable<Long>) () -> {
                    Thread.sleep(20);
                    return pid();
                }));
            }
            for (CompletableFuture<Long> f : fs) pids.add(get(f));
        }
        assertTrue(p.isTerminated());
        assertTrue(!pids.isEmpty() && pids.size() <= 2, pids.toString());
        for (long pid : pids) assertTrue(!alive(pid), "worker " + pid + " outlived close()");
    }

    @Test
    void shutdownNowKillsRunningWorkersAndCancelsQueuedTasks() throws Exception {
        ProcessPoolExecutor p = ProcessPoolExecutor.builder().workers(1).jvmArgs(SMALL_WORKER).build();
        long worker = get(p.submit((ProcessCallable<Long>) ProcessPoolExecutorTest::pid));
        CompletableFuture<String> running = p.submit((ProcessCallable<String>) () -> {
            Thread.sleep(120_000);
            return "never";
        });
        CompletableFuture<String> queued = p.submit((ProcessCallable<String>) () -> "never either");
        List<Runnable> never = p.shutdownNow();
        assertEquals(1, never.size());
        assertTrue(running.isCancelled() && queued.isCancelled());
        assertTrue(p.awaitTermination(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
        assertTrue(!alive(worker));
    }

    /**
     * shutdownNow cancels a running task even when the worker's thread, which sees the worker killed, reports the
     * worker lost before shutdownNow gets to the cancel (a race that a loaded machine showed: the task failed with
     * WorkerDiedException instead).
     */
    @Test
    void shutdownNowCancelsARunningTaskEvenIfItsWorkerIsReportedLostFirst() throws Exception {
        ProcessPoolExecutor p = ProcessPoolExecutor.builder().name("lost-first").workers(1).jvmArgs(SMALL_WORKER).build();
        get(p.submit((ProcessCallable<Long>) ProcessPoolExecutorTest::pid));
        CompletableFuture<String> running = p.submit((ProcessCallable<String>) () -> {
            Thread.sleep(120_000);
            return "never";
        });
        p.shutdownNowHook = () -> {
            // The worker's thread ends right after it has reported the worker lost: let it get there first.
            Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("lost-first-worker-1"))
                    .forEach(t -> {
                        try {
                            t.join(HANG_GUARD.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
        };
        assertEquals(List.of(), p.shutdownNow());
        assertTrue(running.isCancelled(), running.toString());
        assertTrue(p.awaitTermination(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void workersExitWhenTheirParentIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PoolParentMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> workers = new ArrayList<>();
        try {
            var out = parent.inputReader();
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("workers "), "the parent printed: " + line);
            for (String pid : line.substring("workers ".length()).split(",")) workers.add(Long.parseLong(pid));
            assertEquals(2, workers.size());
            for (long w : workers) assertTrue(alive(w));
        } finally {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
        }
        assertTrue(parent.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
        for (long w : workers) awaitGone(w);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInputGetsAClearException() throws Exception {
        ProcessPoolExecutor.Builder b = ProcessPoolExecutor.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.workers(0)).getMessage().contains("got 0"));
        assertThrows(IllegalArgumentException.class, () -> b.workers(-2));
        assertThrows(NullPointerException.class, () -> b.taskTimeout(null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.taskTimeout(Duration.ofSeconds(-1)))
                .getMessage().contains("positive"));
        assertThrows(IllegalArgumentException.class, () -> b.taskTimeout(Duration.ZERO));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.taskTimeout(Duration.ofDays(400)))
                .getMessage().contains("at most"));
        assertThrows(IllegalArgumentException.class, () -> b.allowClasses("com.example.*;maxdepth=x"));
        assertThrows(NullPointerException.class, () -> b.jvmArgs((String) null));
        assertThrows(IllegalArgumentException.class, () -> b.workingDirectory(Path.of("/no/such/directory")));
        assertThrows(IllegalArgumentException.class, () -> b.name(" "));

        assertTrue(assertThrows(NullPointerException.class, () -> pool.submit((Callable<String>) null))
                .getMessage().contains("null"));
        assertThrows(IllegalArgumentException.class, () -> pool.submit((ProcessCallable<String>) () -> "x", Duration.ofMillis(-5)));
        Callable<String> notSerializable = () -> "x";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> pool.submit(notSerializable))
                .getMessage().contains("ProcessCallable"));
        Object captured = new Object();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> pool.submit((ProcessCallable<String>) captured::toString)).getMessage().contains("captures"));

        ProcessPoolExecutor p = ProcessPoolExecutor.create(1);
        p.shutdown();
        assertTrue(assertThrows(RejectedExecutionException.class, () -> p.submit((ProcessCallable<String>) () -> "x"))
                .getMessage().contains("shut down"));
        Throwable viaLoop = assertThrows(RejectedExecutionException.class, () -> EventLoop.run(() ->
                Async.await(EventLoop.current().runInExecutor(p, (ProcessCallable<String>) () -> "x"))));
        assertTrue(viaLoop.getMessage().contains("shut down"));
        assertTrue(p.awaitTermination(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "never started a worker");
    }

    @Test
    void aWorkerThatCannotStartFailsTheWaitingTasksClearly() throws Exception {
        try (ProcessPoolExecutor p = ProcessPoolExecutor.builder().workers(1).jvmArgs("-XX:+NoSuchJvmOption").build()) {
            Throwable t = failure(p.submit((ProcessCallable<String>) () -> "x"));
            WorkerDiedException e = assertInstanceOf(WorkerDiedException.class, t);
            assertTrue(e.getMessage().contains("start-up") && e.getMessage().contains("NoSuchJvmOption"), e.getMessage());
        } catch (UncheckedIOException notExpected) {
            throw notExpected;
        }
    }
}
