package io.loopfx.core.process;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An {@link java.util.concurrent.ExecutorService} that runs each task in one of N worker JVMs: the loopfx
 * counterpart of Python's {@code concurrent.futures.ProcessPoolExecutor}, for work that may crash the JVM
 * (native libraries), leak, hog the heap, or must be stoppable. {@code loop.runInExecutor(pool, fn)} (with a
 * {@link ProcessCallable}), {@code Async.await(pool.submit(fn))} and plain {@link CompletableFuture} code work
 * with it as with a thread pool, on the thread loop and on the FX loop alike.
 *
 * <pre>{@code
 * try (ProcessPoolExecutor pool = ProcessPoolExecutor.builder().workers(2).build()) {
 *     ProcessCallable<Long> count = () -> countPrimes(10_000_000);
 *     long n = EventLoop.run(() -> Async.await(EventLoop.current().runInExecutor(pool, count)));
 * }
 * }</pre>
 *
 * <h2>Work</h2>
 * A task is a serializable {@link Callable} or {@link Runnable}: a {@link ProcessCallable} lambda, a lambda cast
 * to {@code (Callable<T> & Serializable)}, or a class. It is serialized when submitted (a capture that cannot be
 * serialized fails the {@code submit} at once), runs in a worker, and its result comes back by serialization.
 * An exception comes back with its type, message, stack trace, cause and suppressed exceptions; every remote
 * stack frame is marked with the worker's name ({@code remote pool-1-worker-2//com.example.Job.run(Job.java:9)}).
 * If its type cannot be rebuilt here, it arrives as a {@link RemoteTaskException} naming the type.
 * {@code runInExecutor} hands an executor an opaque {@code Runnable} that calls {@code fn.call()}; this pool runs
 * such a {@code Runnable} on a relay virtual thread, where {@link ProcessCallable#call()} sends the work to a
 * worker. A relayed {@code fn} that is not a {@code ProcessCallable} would run in this JVM: the pool logs a
 * warning when that happens.
 *
 * <h2>Deserialization filter</h2>
 * Both sides read through an {@link ObjectInputFilter}. By default it admits the value types of
 * {@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math}, serializable lambdas and arrays
 * of primitives, and refuses everything else. Widen it with {@link Builder#allowClasses(String)}. A worker also
 * admits the classes this JVM wrote into the task (the task is the parent's own code); the parent admits in a
 * result only what the filter allows, since a worker running risky code is the side not to trust. A refused
 * class fails the task with an {@link InvalidClassException} that names it and the option that admits it.
 *
 * <h2>Workers</h2>
 * A worker is started from this JVM's {@code java} executable, class path and module path (resolving the same
 * modules as this JVM's boot layer), plus {@link Builder#jvmArgs(List)}, with
 * {@code -XX:+ExitOnOutOfMemoryError} first (so an exhausted heap ends the worker rather than leaving it in a
 * doubtful state). Workers start when work arrives (or at once with {@link Builder#prestart(boolean)}) and are
 * reused; one runs one task at a time.
 *
 * <p><b>The task channel is a loopback TCP socket</b>, not the worker's standard output: each worker listens
 * for nothing, it connects to a port this pool opened for it on {@code 127.0.0.1} and presents a random
 * token, so no other local process can pose as it. The worker's {@code System.out} and {@code System.err} stay
 * its real standard streams, so that nothing a task or a native library prints (even with {@code printf} from
 * C, which no {@code System.setOut} could catch) can corrupt the channel. This pool reads both streams and
 * logs each line to the {@link System.Logger} named after this class, tagged with the worker and its pid:
 * standard output at {@code INFO}, standard error at {@code WARNING}. The last
 * {@value #STDERR_TAIL_LINES} lines of standard error and {@value #STDOUT_TAIL_LINES} of standard output are
 * kept for the message of a death.
 *
 * <h2>Faults</h2>
 * A worker that dies (a crash, {@code System.exit}, a kill, an {@code OutOfMemoryError}) fails only the task
 * it was running, with a {@link WorkerDiedException} naming the worker, its exit code and its last lines of
 * standard error; the pool starts a replacement when work needs one. This is where asyncio's pool differs:
 * there, one dead worker marks the whole pool broken ({@code BrokenProcessPool}) and fails every pending
 * future. Cancelling a running task's future, or a timeout ({@link Builder#taskTimeout(Duration)},
 * {@link #submit(Callable, Duration)}), kills its worker: a JVM cannot stop a thread that does not
 * cooperate, but it can stop a process. A timed-out task fails with a {@link TimeoutException}. The future
 * of {@code loop.runInExecutor(pool, fn)} reaches the worker too: the loop hands this pool {@code fn} itself
 * (through {@link #submit(Callable)}), so cancelling that future, or the task awaiting it, kills the worker.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} lets queued and running tasks finish, then closes the workers' channels (they exit);
 * {@link #shutdownNow()} cancels the queued tasks and kills the workers; {@link #close()} is {@code shutdown}
 * plus {@link #awaitTermination}. The pool is terminated only once every worker process has exited. No worker
 * outlives its parent: a JVM shutdown hook kills the workers still running when this JVM exits, and a worker
 * whose parent was killed outright exits by itself, on whichever it sees first: the end of its task channel,
 * the end of its standard input (a pipe this JVM holds), or {@code ProcessHandle.onExit()} of its parent.
 */
public final class ProcessPoolExecutor extends AbstractExecutorService {
    /** How many of a worker's last standard-error lines a {@link WorkerDiedException} quotes. */
    public static final int STDERR_TAIL_LINES = 20;
    /** How many of a worker's last standard-output lines a {@link WorkerDiedException} quotes. */
    public static final int STDOUT_TAIL_LINES = 5;

    static final System.Logger LOG = System.getLogger(ProcessPoolExecutor.class.getName());
    /** Every worker process alive in this JVM, for the shutdown hook. */
    static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final int MAX_WORKERS = 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofDays(365);
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final ThreadLocal<Relay> RELAY = new ThreadLocal<>();

    static {
        Thread hook = new Thread(() -> LIVE.forEach(Process::destroyForcibly), "loopfx-process-pool-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private final String name;
    private final int size;
    private final List<String> jvmArgs;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final boolean prestart;
    private final long defaultTimeoutNanos;
    /** The complete filter pattern, user patterns first. */
    final String filterPattern;

    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<PoolTask<?>> pending = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final Set<Thread> relayThreads = new java.util.HashSet<>();
    Runnable shutdownNowHook; // tests: runs in shutdownNow between letting go of the lock and cancelling the tasks
    private int workerSeq;
    private long taskSeq;
    private boolean shutdown;
    private boolean stopping;
    private boolean terminated;
    private boolean startFailed;
    private boolean warnedLocalRun;
    private ScheduledThreadPoolExecutor timer;

    private ProcessPoolExecutor(Builder b) {
        this.name = b.name != null ? b.name : "process-pool-" + POOLS.incrementAndGet();
        this.size = b.workers;
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.workingDirectory = b.workingDirectory;
        this.environment = Map.copyOf(b.environment);
        this.prestart = b.prestart;
        this.defaultTimeoutNanos = b.taskTimeout == null ? 0 : b.taskTimeout.toNanos();
        this.filterPattern = Wire.filterPattern(b.allowPatterns);
        if (prestart) {
            synchronized (lock) {
                while (workers.size() < size) startWorkerLocked();
            }
        }
    }

    /**
     * Returns a builder with the defaults: one worker per available processor, no extra JVM arguments, this
     * JVM's working directory and environment, lazy start, no timeout, the default filter.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a pool of {@code workers} worker JVMs with the other defaults of {@link #builder()}.
     *
     * @param workers how many worker processes at most, at least 1
     * @return the pool
     * @throws IllegalArgumentException if workers is not positive
     */
    public static ProcessPoolExecutor create(int workers) {
        return builder().workers(workers).build();
    }

    /**
     * Returns the pool's name, which prefixes its workers' names and its log lines.
     *
     * @return e.g. {@code process-pool-1}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the most worker processes this pool runs at once.
     *
     * @return the worker count
     */
    public int workerCount() {
        return size;
    }

    // ------------------------------------------------------------------ submitting

    /**
     * Runs {@code task} in a worker, with the pool's default timeout if it has one.
     *
     * @param task a serializable callable, such as a {@link ProcessCallable}
     * @param <T>  its result type
     * @return its future; cancelling it while the task runs kills the worker
     * @throws NullPointerException       if task is null
     * @throws IllegalArgumentException   if task is not serializable, or captures something that is not
     * @throws RejectedExecutionException if the pool is shut down
     */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return submit(task, defaultTimeoutNanos, null);
    }

    /**
     * Runs {@code task} in a worker and kills that worker if the task runs longer than {@code timeout}; the
     * future then fails with a {@link TimeoutException}. The time counts from when a worker takes the task,
     * not from the call.
     *
     * @param task    a serializable callable, such as a {@link ProcessCallable}
     * @param timeout how long it may run, positive and at most 365 days
     * @param <T>     its result type
     * @return its future; cancelling it while the task runs kills the worker
     * @throws NullPointerException       if task or timeout is null
     * @throws IllegalArgumentException   if the timeout is not positive or too long, or the task is not serializable
     * @throws RejectedExecutionException if the pool is shut down
     */
    public <T> CompletableFuture<T> submit(Callable<T> task, Duration timeout) {
        return submit(task, checkTimeout(timeout).toNanos(), null);
    }

    /**
     * Runs a serializable {@code Runnable} in a worker.
     *
     * @param task the work
     * @return a future completed with null when it has run
     * @throws NullPointerException       if task is null
     * @throws IllegalArgumentException   if task is not serializable
     * @throws RejectedExecutionException if the pool is shut down
     */
    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return submit(task, defaultTimeoutNanos, null);
    }

    /**
     * Runs a serializable {@code Runnable} in a worker.
     *
     * @param task   the work
     * @param result what the future completes with when it has run (kept in this JVM)
     * @param <T>    the result type
     * @return the future
     * @throws NullPointerException       if task is null
     * @throws IllegalArgumentException   if task is not serializable
     * @throws RejectedExecutionException if the pool is shut down
     */
    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        return submit(task, defaultTimeoutNanos, result);
    }

    private <T> CompletableFuture<T> submit(Object task, long timeoutNanos, T runnableResult) {
        PoolTask<T> t = newTask(task, timeoutNanos, runnableResult);
        enqueue(t, false);
        return t;
    }

    /**
     * Runs {@code command} in a worker if it is serializable. Any other {@code Runnable} (the one
     * {@code EventLoop.runInExecutor} passes) runs on a relay virtual thread of this JVM, where the
     * {@link ProcessCallable} it calls sends itself to a worker and waits.
     *
     * @param command the work
     * @throws NullPointerException       if command is null
     * @throws RejectedExecutionException if the pool is shut down
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command is null: pass the work to run");
        if (command instanceof PoolTask<?> t && t.pool == this) {
            enqueue(t, RELAY.get() != null);
        } else if (command instanceof Serializable) {
            submit(command).whenComplete((v, e) -> {
                if (e != null && !(e instanceof CancellationException)) {
                    LOG.log(Level.WARNING, name + ": a Runnable passed to execute() failed in its worker", e);
                }
            });
        } else {
            relay(command);
        }
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return newTask(callable, defaultTimeoutNanos, null);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return newTask(runnable, defaultTimeoutNanos, value);
    }

    private <T> PoolTask<T> newTask(Object work, long timeoutNanos, T runnableResult) {
        Objects.requireNonNull(work, "the task is null: pass the work to run");
        if (!(work instanceof Serializable)) {
            throw new IllegalArgumentException(work.getClass().getName() + " is not Serializable, so it cannot be "
                    + "sent to a worker process. Write the work as a ProcessCallable (a serializable lambda or "
                    + "class), or cast the lambda: (Callable<T> & Serializable) () -> ...");
        }
        Wire.Serialized bytes;
        try {
            bytes = Wire.serialize(work);
        } catch (IOException e) {
            throw new IllegalArgumentException("The task " + work.getClass().getName() + " cannot be serialized ("
                    + e + "): everything it captures must be Serializable too", e);
        }
        long id;
        synchronized (lock) {
            id = ++taskSeq;
        }
        return new PoolTask<>(this, id, work, bytes, timeoutNanos, runnableResult);
    }

    void enqueue(PoolTask<?> t, boolean fromRelay) {
        List<PoolTask<?>> toSend;
        synchronized (lock) {
            if (t.queued) return;
            if (stopping || (shutdown && !fromRelay)) {
                throw new RejectedExecutionException(name + " is shut down and takes no new work; submit "
                        + "before shutdown()/close(), or create a new pool");
            }
            t.queued = true;
            pending.add(t);
            toSend = dispatchLocked();
        }
        send(toSend);
    }

    // ------------------------------------------------------------------ relaying runInExecutor

    /** The pool whose relay thread this is, or null. */
    static ProcessPoolExecutor relayOfCurrentThread() {
        Relay r = RELAY.get();
        return r == null ? null : r.pool;
    }

    <T> T callInWorker(ProcessCallable<T> work) throws Exception {
        Relay r = RELAY.get();
        if (r != null) r.sent = true;
        PoolTask<T> t = newTask(work, defaultTimeoutNanos, null);
        enqueue(t, true);
        try {
            return t.get();
        } catch (InterruptedException e) {
            t.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) throw ex;
            if (cause instanceof Error er) throw er;
            throw e;
        }
    }

    private static final class Relay {
        final ProcessPoolExecutor pool;
        boolean sent;

        Relay(ProcessPoolExecutor pool) {
            this.pool = pool;
        }
    }

    private void relay(Runnable command) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException(name + " is shut down and takes no new work; submit "
                        + "before shutdown()/close(), or create a new pool");
            }
            Thread t = Thread.ofVirtual().name(name + "-relay").unstarted(() -> runRelayed(command));
            relayThreads.add(t);
            t.start();
        }
    }

    private void runRelayed(Runnable command) {
        Relay me = new Relay(this);
        RELAY.set(me);
        try {
            command.run();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, name + ": a relayed Runnable failed", t);
        } finally {
            RELAY.remove();
            boolean warn;
            synchronized (lock) {
                relayThreads.remove(Thread.currentThread());
                warn = !me.sent && !warnedLocalRun;
                if (warn) warnedLocalRun = true;
                checkTerminatedLocked();
            }
            if (warn) {
                LOG.log(Level.WARNING, name + " ran a " + command.getClass().getName() + " in THIS JVM: it called "
                        + "no ProcessCallable. With loop.runInExecutor(pool, fn), make fn a ProcessCallable, or use "
                        + "pool.submit(fn). (Logged once per pool.)");
            }
        }
    }

    // ------------------------------------------------------------------ the state machine

    /** Gives queued tasks to idle workers and starts workers for the rest; returns the tasks to send. */
    private List<PoolTask<?>> dispatchLocked() {
        List<PoolTask<?>> toSend = new ArrayList<>();
        while (!idle.isEmpty() && !pending.isEmpty()) {
            PoolTask<?> t = pending.poll();
            if (t.isDone()) continue;
            Worker w = idle.poll();
            w.task = t;
            t.worker = w;
            if (t.timeoutNanos > 0) t.deadline = timer().schedule(() -> timedOut(t), t.timeoutNanos, TimeUnit.NANOSECONDS);
            toSend.add(t);
        }
        if (!stopping) {
            int starting = (int) workers.stream().filter(w -> !w.ready).count();
            int wanted = pending.size() - starting;
            if (prestart && !shutdown && !startFailed) wanted = Math.max(wanted, size - workers.size());
            for (; wanted > 0 && workers.size() < size; wanted--) startWorkerLocked();
        }
        if (shutdown && pending.isEmpty()) {
            for (Worker w : idle) w.retire();
            idle.clear();
        }
        return toSend;
    }

    private void startWorkerLocked() {
        Worker w = new Worker(this, name + "-worker-" + ++workerSeq);
        workers.add(w);
        w.start();
    }

    private ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name + "-timeouts");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        return timer;
    }

    private void send(List<PoolTask<?>> tasks) {
        for (PoolTask<?> t : tasks) {
            Worker w = t.worker;
            if (w == null) continue; // cancelled meanwhile
            try {
                w.send(t, t.serialized);
            } catch (IOException | RuntimeException e) {
                w.kill(); // its thread reports it lost, and fails the task
            }
        }
    }

    void workerReady(Worker w) {
        List<PoolTask<?>> toSend;
        synchronized (lock) {
            w.ready = true;
            startFailed = false;
            if (stopping) {
                w.kill();
                return;
            }
            idle.add(w);
            toSend = dispatchLocked();
        }
        send(toSend);
    }

    void answered(Worker w, long id, boolean ok, byte[] payload) {
        PoolTask<?> t;
        List<PoolTask<?>> toSend;
        synchronized (lock) {
            t = w.task;
            if (t == null || t.id != id) return; // detached by a cancel or timeout: its kill is under way
            detachLocked(t);
            if (!w.wasKilled()) idle.add(w);
            toSend = dispatchLocked();
        }
        send(toSend);
        if (t.isDone()) return;
        try {
            if (!ok) {
                RemoteFailure f = (RemoteFailure) Wire.deserialize(payload, filterPattern, Set.of(), t.loader(),
                        "the failure of " + t.describe() + " from " + w);
                t.completeExceptionally(Wire.rebuild(f, "remote " + w.name, t.loader()));
            } else if (t.work instanceof Callable<?>) {
                t.completeWith(Wire.deserialize(payload, filterPattern, Set.of(), t.loader(),
                        "the result of " + t.describe() + " from " + w));
            } else {
                t.completeWith(t.runnableResult);
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            t.completeExceptionally(e);
        }
    }

    private static void detachLocked(PoolTask<?> t) {
        if (t.worker != null) t.worker.task = null;
        t.worker = null;
        if (t.deadline != null) t.deadline.cancel(false);
    }

    /** Called on the worker's own thread when its channel ends (or it never connected). */
    void workerLost(Worker w, Throwable why) {
        int exitCode = w.awaitExit();
        PoolTask<?> t;
        boolean wasReady;
        List<PoolTask<?>> orphans = List.of();
        List<PoolTask<?>> toSend;
        synchronized (lock) {
            workers.remove(w);
            idle.remove(w);
            t = w.task;
            if (t != null) detachLocked(t);
            wasReady = w.ready;
            if (!wasReady && !w.wasKilled()) {
                startFailed = true;
                if (workers.stream().noneMatch(o -> o.ready)) { // nobody can run them: fail rather than retry forever
                    orphans = new ArrayList<>(pending);
                    pending.clear();
                }
            }
            toSend = dispatchLocked();
            checkTerminatedLocked();
        }
        send(toSend);
        if (t != null && !t.isDone()) {
            t.completeExceptionally(new WorkerDiedException(w.name, w.pid(), exitCode, t.describe(), w.stderrTail(), w.stdoutTail()));
        }
        if (!wasReady && !w.wasKilled()) {
            RuntimeException e = w.pid() == -1 && why instanceof RuntimeException re ? re
                    : new WorkerDiedException(w.name, w.pid(), exitCode, "its start-up (" + why.getMessage()
                    + "), before any task reached it", w.stderrTail(), w.stdoutTail());
            if (e instanceof WorkerDiedException && why != null) e.initCause(why);
            LOG.log(Level.WARNING, name + ": a worker could not start", e);
            for (PoolTask<?> o : orphans) o.completeExceptionally(e);
        } else if (t == null && !w.wasKilled() && !isShutdown()) {
            LOG.log(Level.WARNING, w + " exited with code " + exitCode + " while idle; the pool replaces it when "
                    + "work needs it. Its last standard-error lines: " + w.stderrTail());
        }
    }

    void cancelled(PoolTask<?> t) {
        synchronized (lock) {
            if (pending.remove(t)) return;
            Worker w = t.worker;
            if (w == null) return;
            detachLocked(t);
            w.kill();
        }
    }

    private void timedOut(PoolTask<?> t) {
        Worker w;
        synchronized (lock) {
            w = t.worker;
            if (w == null || t.isDone()) return;
            detachLocked(t);
            w.kill();
        }
        t.completeExceptionally(new TimeoutException(t.describe() + " ran longer than its timeout of "
                + Duration.ofNanos(t.timeoutNanos) + " in worker " + w + "; the worker was killed and is replaced"));
    }

    private void checkTerminatedLocked() {
        if (shutdown && !terminated && workers.isEmpty() && pending.isEmpty() && relayThreads.isEmpty()) {
            terminated = true;
            if (timer != null) timer.shutdownNow();
            lock.notifyAll();
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Takes no new work; queued and running tasks finish, then the workers exit. Returns at once.
     * A {@code runInExecutor} relay started before this call may still send its work.
     */
    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
            dispatchLocked();
            checkTerminatedLocked();
        }
    }

    /**
     * Takes no new work, cancels the queued tasks and kills every worker; running tasks' futures are
     * cancelled. Returns at once; {@link #awaitTermination} waits for the processes to be gone.
     *
     * @return the tasks that never started (their futures are cancelled)
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<PoolTask<?>> never;
        List<PoolTask<?>> running = new ArrayList<>();
        synchronized (lock) {
            shutdown = true;
            stopping = true;
            never = new ArrayList<>(pending);
            pending.clear();
            for (Worker w : workers) {
                PoolTask<?> t = w.task;
                if (t != null) {
                    running.add(t);
                    // Ours to cancel below: the worker's thread, which sees the kill, must not fail it first
                    detachLocked(t);
                }
                w.kill();
            }
            idle.clear();
            relayThreads.forEach(Thread::interrupt);
            checkTerminatedLocked();
        }
        Runnable hook = shutdownNowHook;
        if (hook != null) hook.run();
        running.forEach(t -> t.cancel(true));
        never.forEach(t -> t.cancel(false));
        return new ArrayList<>(never);
    }

    /**
     * Returns whether {@link #shutdown()} or {@link #shutdownNow()} was called.
     *
     * @return true once shut down
     */
    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    /**
     * Returns whether the pool is shut down, its tasks are done and every worker process has exited.
     *
     * @return true once terminated
     */
    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return terminated;
        }
    }

    /**
     * Waits until the pool is terminated: shut down, its tasks done, every worker process exited.
     *
     * @param timeout how long to wait at most
     * @param unit    its unit
     * @return true if terminated, false if the time ran out first
     * @throws NullPointerException if unit is null
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit is null: pass the TimeUnit of the timeout");
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (!terminated) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Shuts the pool down and waits for its tasks to finish and its worker processes to exit (if interrupted
     * meanwhile: {@link #shutdownNow()}, then still waits for the processes). After it returns, no worker
     * process of this pool is alive.
     *
     * @throws IllegalStateException if called by a task this pool runs on its relay thread, which it would wait
     *                               for: that is, for itself
     */
    @Override
    public void close() {
        if (relayOfCurrentThread() == this) {
            throw new IllegalStateException(name + ".close() was called by a task of this pool (on its relay thread): "
                    + "it would wait for that task, that is for itself, forever. Close the pool outside its tasks");
        }
        super.close();
    }

    /**
     * Returns the pool's name, size and state.
     *
     * @return e.g. {@code ProcessPoolExecutor[process-pool-1, 2 workers, 1 running, 0 queued]}
     */
    @Override
    public String toString() {
        synchronized (lock) {
            return "ProcessPoolExecutor[" + name + ", " + size + " workers, " + workers.size() + " running, "
                    + pending.size() + " queued" + (terminated ? ", terminated" : shutdown ? ", shut down" : "") + "]";
        }
    }

    // ------------------------------------------------------------------ launching

    ProcessBuilder processBuilder(int port, String token) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(jvmArgs);
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        if (!modulePath.isEmpty()) {
            cmd.add("-p");
            cmd.add(modulePath);
            cmd.add("--add-modules"); // what the parent resolved, so that the tasks' classes resolve alike
            cmd.add(ModuleLayer.boot().modules().stream().map(Module::getName).sorted().collect(Collectors.joining(",")));
        }
        Module self = ProcessPoolExecutor.class.getModule();
        if (self.isNamed()) {
            cmd.add("-m");
            cmd.add(self.getName() + "/" + WorkerMain.class.getName());
        } else {
            cmd.add(WorkerMain.class.getName());
        }
        cmd.add(Integer.toString(port));
        cmd.add(token);
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workingDirectory != null) pb.directory(workingDirectory.toFile());
        pb.environment().putAll(environment);
        return pb;
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout is null: pass a positive Duration (or call the method without one)");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout
                    + "; for no limit, do not set one");
        }
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be at most " + MAX_TIMEOUT.toDays() + " days, got "
                    + timeout + "; for no limit, do not set one");
        }
        return timeout;
    }

    /**
     * Configures a {@link ProcessPoolExecutor}. Every setter checks its argument at once.
     */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private final List<String> jvmArgs = new ArrayList<>();
        private Path workingDirectory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean prestart;
        private Duration taskTimeout;
        private String allowPatterns = "";
        private String name;

        private Builder() {
        }

        /**
         * Sets the most worker processes that run at once (default: the number of available processors).
         *
         * @param workers at least 1, at most 1024
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder workers(int workers) {
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + ", got "
                        + workers + " (each worker is a JVM; the number of processors is a good start)");
            }
            this.workers = workers;
            return this;
        }

        /**
         * Adds arguments for the worker JVMs, before the main class: {@code -Xmx64m}, {@code -D...},
         * {@code --enable-native-access=...}. They come after the pool's own {@code -XX:+ExitOnOutOfMemoryError},
         * so they may override it.
         *
         * @param args the arguments
         * @return this builder
         * @throws NullPointerException if args or one of them is null
         */
        public Builder jvmArgs(List<String> args) {
            Objects.requireNonNull(args, "args is null: pass a list of JVM arguments, e.g. List.of(\"-Xmx64m\")");
            for (String a : args) Objects.requireNonNull(a, "a JVM argument is null"); // all or none are added
            jvmArgs.addAll(args);
            return this;
        }

        /**
         * Adds arguments for the worker JVMs; see {@link #jvmArgs(List)}.
         *
         * @param args the arguments
         * @return this builder
         * @throws NullPointerException if args or one of them is null
         */
        public Builder jvmArgs(String... args) {
            Objects.requireNonNull(args, "args is null: pass JVM arguments, e.g. \"-Xmx64m\"");
            return jvmArgs(Arrays.asList(args)); // not List.of, whose NullPointerException has no message
        }

        /**
         * Sets the workers' working directory (default: this JVM's).
         *
         * @param dir an existing directory
         * @return this builder
         * @throws NullPointerException     if dir is null
         * @throws IllegalArgumentException if it is not a directory
         */
        public Builder workingDirectory(Path dir) {
            Objects.requireNonNull(dir, "dir is null: pass the directory the workers should start in");
            if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a directory");
            this.workingDirectory = dir;
            return this;
        }

        /**
         * Adds or replaces environment variables of the workers (which otherwise inherit this JVM's).
         *
         * @param variables names and values
         * @return this builder
         * @throws NullPointerException if variables, a name or a value is null
         */
        public Builder environment(Map<String, String> variables) {
            Objects.requireNonNull(variables, "variables is null: pass a map of names to values");
            variables.forEach((k, v) -> { // all or none are added, as with jvmArgs
                Objects.requireNonNull(k, "a variable name is null");
                Objects.requireNonNull(v, "the value of " + k + " is null");
            });
            environment.putAll(variables);
            return this;
        }

        /**
         * Starts every worker when the pool is built, and replaces a dead one at once, instead of starting
         * workers when work needs them (the default).
         *
         * @param prestart whether to start the workers at once
         * @return this builder
         */
        public Builder prestart(boolean prestart) {
            this.prestart = prestart;
            return this;
        }

        /**
         * Sets how long each task may run before its worker is killed and its future fails with a
         * {@link TimeoutException} (default: no limit). {@link #submit(Callable, Duration)} sets it per task.
         *
         * @param timeout positive, at most 365 days
         * @return this builder
         * @throws NullPointerException     if timeout is null
         * @throws IllegalArgumentException if it is not positive or too long
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = checkTimeout(timeout);
            return this;
        }

        /**
         * Widens (or narrows) the deserialization filter of both sides, for the classes of results and
         * arguments: patterns as in {@link ObjectInputFilter.Config#createFilter(String)}, separated by
         * {@code ;}, e.g. {@code "com.example.model.*;com.example.Result"}. They are checked before the
         * defaults, so {@code "!java.util.PriorityQueue"} refuses a class the defaults admit. Calls add up.
         *
         * @param patterns filter patterns
         * @return this builder
         * @throws NullPointerException     if patterns is null
         * @throws IllegalArgumentException if they are not valid filter patterns
         */
        public Builder allowClasses(String patterns) {
            Objects.requireNonNull(patterns, "patterns is null: pass filter patterns such as \"com.example.*\"");
            try {
                ObjectInputFilter.Config.createFilter(patterns);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Not a valid filter pattern: \"" + patterns + "\" ("
                        + e.getMessage() + "); see ObjectInputFilter.Config.createFilter", e);
            }
            String p = patterns.strip();
            if (!p.isEmpty()) allowPatterns = allowPatterns.isEmpty() ? p : allowPatterns + ";" + p;
            return this;
        }

        /**
         * Names the pool (default {@code process-pool-N}); worker names and log lines start with it.
         *
         * @param name a non-blank name
         * @return this builder
         * @throws NullPointerException     if name is null
         * @throws IllegalArgumentException if it is blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name is null");
            if (name.isBlank()) throw new IllegalArgumentException("name is blank: pass a name such as \"render-pool\"");
            this.name = name;
            return this;
        }

        /**
         * Builds the pool (and starts its workers if {@link #prestart(boolean)} says so).
         *
         * @return the pool
         */
        public ProcessPoolExecutor build() {
            return new ProcessPoolExecutor(this);
        }
    }
}
