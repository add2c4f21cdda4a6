package io.loopfx.core.storm;

import io.loopfx.core.Async;
import io.loopfx.core.Coroutine;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.core.TaskGroup;
import io.loopfx.core.TaskGroupException;
import io.loopfx.core.Timeout;
import io.loopfx.core.TimerHandle;
import io.loopfx.core.WaitMode;
import io.loopfx.core.WaitResult;
import io.loopfx.core.sync.AsyncBoundedSemaphore;
import io.loopfx.core.sync.AsyncCondition;
import io.loopfx.core.sync.AsyncEvent;
import io.loopfx.core.sync.AsyncLock;
import io.loopfx.core.sync.AsyncQueue;
import io.loopfx.core.sync.AsyncSemaphore;
import io.loopfx.core.sync.QueueEmptyException;
import io.loopfx.core.sync.QueueShutDownException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cancellation storms: rounds of about 1,500 tasks each on a virtual-clock loop, cancelled at random (seeded)
 * points while they sleep, wait for or hold an {@link AsyncLock} or an {@link AsyncSemaphore} (plain or bounded),
 * wait on an {@link AsyncCondition}, an {@link AsyncEvent} or an {@link AsyncQueue} (get and put), sit in a
 * {@link TaskGroup}, an {@link Async#gather}, an {@link Async#waitFor} or an {@link Async#withTimeout} scope, or
 * await a future; some are cancelled right after a release, signal, set or put woke them, before they ran. Between
 * callbacks, no primitive may keep a task waiting while what it waits for is free (a lost wake-up). After each
 * round: no lock is held, the semaphore has exactly its permits back, no queue item was lost or duplicated (every
 * item put was got exactly once or is still in the queue, and {@code join()} returns), each primitive had one holder
 * at a time, every task is done and ran its {@code finally} exactly once (none if cancelled before it started), a
 * gather cancelled through its caller ended only after its children, a timed-out waitFor only after its child,
 * TaskGroup.run only after its children, and the loop reported no error. A failing round names its seed:
 * {@code -Dloopfx.storm.seed=<seed>} replays it.
 *
 * <p>100,000 tasks per run by default ({@code -Dloopfx.storm.tasks=<n>} changes it).
 */
class CancellationStormTest {
    private static final int DEFAULT_TASKS = 100_000;
    private static final int WORKERS_PER_ROUND = 1_200;
    /** Virtual milliseconds during which workers start and the chaos cancels them. */
    private static final int STORM_MS = 200;
    private static final long ROUND_LIMIT_SECONDS = 60;

    @Test
    void tasksCancelledAtRandomPointsLeaveEveryPrimitiveConsistentAndRunEachFinallyOnce() throws Exception {
        Long replay = Long.getLong("loopfx.storm.seed");
        int target = replay != null ? 1 : Integer.getInteger("loopfx.storm.tasks", DEFAULT_TASKS);
        long baseSeed = new Random().nextLong();
        Random seeds = new Random(baseSeed);
        Totals totals = new Totals();
        long t0 = System.nanoTime();
        while (totals.tasks < target) {
            long seed = replay != null ? replay : seeds.nextLong();
            Round round = new Round(seed, totals);
            // A round takes milliseconds; a deadlock ends at the virtual watchdog, this guards against a livelock.
            assertTimeoutPreemptively(Duration.ofSeconds(ROUND_LIMIT_SECONDS), round::run,
                    () -> "storm round with seed " + seed + " did not end; replay with -Dloopfx.storm.seed=" + seed);
            if (!round.violations.isEmpty()) {
                fail("Cancellation storm round with seed " + seed + " broke " + round.violations.size()
                        + " rule(s); replay it with\n  mvn -pl loop-core test -Dtest=CancellationStormTest "
                        + "-Dloopfx.storm.seed=" + seed + "\n" + String.join("\n", round.violations.subList(0,
                        Math.min(20, round.violations.size()))));
            }
            totals.rounds++;
        }
        System.out.printf("CancellationStormTest: %d rounds, %d tasks in %d ms (base seed %d): %s%n", totals.rounds,
                totals.tasks, (System.nanoTime() - t0) / 1_000_000, baseSeed, totals);
        if (replay == null && target >= 10_000) totals.assertTheStormsReachedEveryCase();
    }

    /** Counts over all rounds: how many tasks, and how often each kind of cancellation happened. */
    static final class Totals {
        long rounds, tasks, started, cancelled, waitingLock, holdingLock, waitingPermit, holdingPermit, condWait,
                eventWait, queueGet, queuePut, wokenThenCancelled, groupCancelled, gatherCancelled, waitForTimeouts,
                withTimeoutTimeouts, itemsPut, itemsDropped, joinCancelled, shieldCancelled, groupsCancelledByBody,
                rescheduled;

        void assertTheStormsReachedEveryCase() {
            long[] counts = {waitingLock, holdingLock, waitingPermit, holdingPermit, condWait, eventWait, queueGet,
                    queuePut, wokenThenCancelled, groupCancelled, gatherCancelled, waitForTimeouts, withTimeoutTimeouts,
                    joinCancelled, shieldCancelled, groupsCancelledByBody, rescheduled};
            for (long c : counts) assertTrue(c >= 20, "some kind of cancellation hardly happened: " + this);
            assertTrue(itemsDropped > 0, "no immediate shutdown dropped an item: " + this); // ~20 per 100,000 tasks
        }

        @Override
        public String toString() {
            return started + " started, " + cancelled + " ended cancelled; cancelled waiting for / holding the lock "
                    + waitingLock + "/" + holdingLock + ", a permit " + waitingPermit + "/" + holdingPermit
                    + ", in a condition wait " + condWait + ", in an event wait " + eventWait + ", in a queue get/put "
                    + queueGet + "/" + queuePut + ", right after being woken " + wokenThenCancelled + ", TaskGroup "
                    + "parents " + groupCancelled + ", gather parents " + gatherCancelled + "; waitFor timeouts "
                    + waitForTimeouts + ", withTimeout/Timeout.run timeouts " + withTimeoutTimeouts + " (" + rescheduled
                    + " rescheduled); join waiters cancelled " + joinCancelled + ", shield callers " + shieldCancelled
                    + ", TaskGroups cancelled by their body " + groupsCancelledByBody + "; queue items put " + itemsPut
                    + ", dropped by an immediate shutdown " + itemsDropped;
        }
    }

    /** A failure a child task throws on purpose. */
    static final class Boom extends Exception {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("boom", null, false, false);
        }
    }

    /** What the storm knows about one task it started. */
    private static final class Probe {
        final String name;
        Task<Void> task;
        boolean started;
        int finallies;
        long cancelRequestedAt;    // the chaos's first cancel request (0: none), in the round's event sequence
        long abnormalEndAt;        // when its body ended with an exception (0: not yet, or normally)

        Probe(String name) {
            this.name = name;
        }
    }

    private enum Kind {
        LOCK, SEMAPHORE, CONDITION_WAIT, CONDITION_SIGNAL, EVENT, PUT, GET, JOIN, GROUP, GATHER, WAIT_FOR, TIMEOUT,
        SHIELD, AWAIT, SLEEP, FAIL
    }

    private static final Kind[] WORKER_KINDS = {Kind.LOCK, Kind.SEMAPHORE, Kind.CONDITION_WAIT, Kind.CONDITION_SIGNAL,
            Kind.EVENT, Kind.PUT, Kind.GET, Kind.JOIN, Kind.GROUP, Kind.GATHER, Kind.WAIT_FOR, Kind.TIMEOUT, Kind.SHIELD,
            Kind.AWAIT};
    private static final int[] WORKER_WEIGHTS = {3, 3, 2, 1, 2, 3, 3, 1, 2, 1, 1, 2, 1, 1};
    private static final Kind[] CHILD_KINDS = {Kind.LOCK, Kind.SEMAPHORE, Kind.GET, Kind.PUT, Kind.SLEEP, Kind.FAIL};
    private static final int[] CHILD_WEIGHTS = {2, 2, 1, 1, 3, 1};

    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    /** One storm on a fresh loop, everything drawn from one seed. */
    private static final class Round {
        final long seed;
        final Random rnd;
        final Totals totals;
        final EventLoop loop = EventLoop.withVirtualClock();
        final List<String> violations = new ArrayList<>();
        final List<Probe> probes = new ArrayList<>();
        long events;                 // a sequence of the round's events, to order cancel requests and endings

        final AsyncLock lock = new AsyncLock();
        final int permits;
        final AsyncSemaphore semaphore;
        final AsyncCondition condition = new AsyncCondition();
        final AsyncEvent event = new AsyncEvent();
        final AsyncQueue<Integer> queue;
        final List<LoopFuture<String>> futures = new ArrayList<>();
        int inLock, inSemaphore, inCondition, tokens, produced, consumed, nextItem;
        boolean closing;
        final Set<Integer> put = new HashSet<>(), got = new HashSet<>(), left = new HashSet<>();
        final List<Task<Void>> shielded = new ArrayList<>();
        int dropped = -1;            // items an immediate shutdown dropped (-1: the closing shut the queue down gently)
        // Tasks waiting in each primitive, in the order they began to wait: the head is the one a wake-up picks.
        final List<Task<?>> lockWaiters = new ArrayList<>(), permitWaiters = new ArrayList<>(),
                conditionWaiters = new ArrayList<>(), eventWaiters = new ArrayList<>(), getters = new ArrayList<>(),
                putters = new ArrayList<>();

        Round(long seed, Totals totals) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.totals = totals;
            this.permits = 1 + rnd.nextInt(4);
            // A bounded one throws at a release that would invent a permit; a plain one takes it, and the count shows it.
            this.semaphore = rnd.nextBoolean() ? new AsyncBoundedSemaphore(permits) : new AsyncSemaphore(permits);
            int maxSize = 1 + rnd.nextInt(5);
            this.queue = switch (rnd.nextInt(3)) {
                case 0 -> AsyncQueue.fifo(maxSize);
                case 1 -> AsyncQueue.lifo(maxSize);
                default -> AsyncQueue.priority(maxSize);
            };
        }

        void violation(String what) {
            violations.add("t=" + loop.time() / 1_000_000 + "ms: " + what);
        }

        void run() throws Exception {
            loop.setExceptionHandler((l, context) -> violation("the loop reported: " + context.describe()));
            try {
                Task<Void> main = loop.createTask("main", this::main);
                // A deadlock leaves only this timer, so the virtual clock jumps to it at once.
                TimerHandle watchdog = loop.callLater(Duration.ofDays(1), () -> {
                    violation("watchdog: no progress for a virtual day, the round deadlocked; " + lock + ", " + semaphore
                            + ", " + condition + ", " + event + ", " + queue);
                    main.cancel();
                });
                try {
                    loop.runUntilComplete(main);
                } catch (CancellationException e) {
                    violation("the round's main task was cancelled");
                }
                watchdog.cancel();
            } finally {
                loop.close();
            }
            totals.tasks += probes.size();
            for (Probe p : probes) {
                if (p.started) totals.started++;
                if (!p.task.isDone()) violation(p.name + " is not done: " + p.task);
                else if (p.task.isCancelled()) totals.cancelled++;
                if (p.finallies != (p.started ? 1 : 0)) {
                    violation(p.name + "'s finally ran " + p.finallies + " times; its body "
                            + (p.started ? "started" : "never started"));
                }
            }
        }

        private Void main() throws Exception {
            for (int i = 0; i < 4; i++) futures.add(loop.createFuture());
            scheduleOutsideEvents();
            for (int i = 0; i < WORKERS_PER_ROUND; i++) {
                Kind kind = pick(WORKER_KINDS, WORKER_WEIGHTS);
                int start = rnd.nextInt(STORM_MS);
                spawn(kind, null, start, () -> {
                    Async.sleep(ms(start));
                    work(kind);
                });
            }
            Async.sleep(ms(STORM_MS + 10));
            closeEverything();
            waitForEveryTask();
            checkThePrimitives();
            return null;
        }

        /** Event flips, and futures completed or cancelled, at random times; the closing makes every waiter go. */
        private void scheduleOutsideEvents() {
            for (int t = 0; t < STORM_MS + 10; t++) loop.callLater(ms(t), this::checkNoWakeUpIsLost);
            for (int t = rnd.nextInt(10); t < STORM_MS; t += 1 + rnd.nextInt(15)) {
                loop.callLater(ms(t), () -> {
                    event.set();
                    cancelHeadSometimes(eventWaiters);
                });
                loop.callLater(ms(t + rnd.nextInt(4)), event::clear);
            }
            for (LoopFuture<String> f : futures) {
                int t = rnd.nextInt(STORM_MS);
                boolean cancel = rnd.nextInt(3) == 0;
                loop.callLater(ms(t), () -> {
                    if (f.isDone()) return;
                    if (cancel) f.cancel();
                    else f.setResult("done");
                });
            }
        }

        /**
         * Between callbacks, no primitive may leave a task waiting while what it waits for is free, unless a waiter
         * that was woken or cancelled is about to run and pass the wake-up on. (Otherwise the closing's shutdown
         * and signalAll would hide a lost wake-up.)
         */
        private void checkNoWakeUpIsLost() {
            if (!lock.locked() && stalled(lockWaiters)) violation("the lock is free but its waiters wait: " + lock);
            if (semaphore.available() > 0 && stalled(permitWaiters)) {
                violation("a permit is free but its waiters wait: " + semaphore);
            }
            if (event.isSet() && stalled(eventWaiters)) violation("the event is set but its waiters wait: " + event);
            if (!queue.isEmpty() && stalled(getters)) violation("an item is free but getters wait: " + queue);
            if (!queue.isFull() && stalled(putters)) violation("a slot is free but putters wait: " + queue);
        }

        /** Some task still waits, and none was woken or cancelled without having run yet. */
        private static boolean stalled(List<Task<?>> waiters) {
            boolean waiting = false;
            for (Task<?> t : waiters) {
                LoopFuture<?> w = t.waitingOn();
                if (w == null) continue;
                if (w.isDone()) return false;
                waiting = true;
            }
            return waiting;
        }

        private void closeEverything() throws Exception {
            closing = true;
            event.set();
            for (LoopFuture<String> f : futures) if (!f.isDone()) f.setResult("closing");
            condition.withLock(() -> {
                condition.signalAll();
                return null;
            });
            if (rnd.nextInt(3) == 0) {
                dropped = queue.size(); // these go, promised ones included; each counts as done
                queue.shutdown(true);
            } else {
                queue.shutdown(false); // waiting puts throw; gets take what is left, then throw
            }
        }

        /** Takes the items nobody will get any more (the gets left wait for promised items only) and marks them done. */
        private void drainQueue() {
            while (true) {
                try {
                    int item = queue.getNowait();
                    if (!left.add(item)) violation("item " + item + " left in the queue twice");
                    queue.taskDone();
                } catch (QueueEmptyException | QueueShutDownException empty) {
                    return;
                }
            }
        }

        private void waitForEveryTask() {
            while (true) {
                drainQueue(); // so that join() waiters can return
                List<Task<Void>> pending = new ArrayList<>();
                for (Probe p : probes) if (!p.task.isDone()) pending.add(p.task);
                if (pending.isEmpty()) return;
                WaitResult<Task<Void>> r = Async.waitUntil(pending, WaitMode.FIRST_COMPLETED, Duration.ofHours(1));
                if (r.done().isEmpty()) {
                    violation(r.pending().size() + " task(s) hang an hour after the closing, e.g. "
                            + r.pending().stream().limit(5).toList() + "; " + lock + ", " + semaphore + ", " + condition
                            + ", " + event + ", " + queue);
                    for (Task<Void> t : r.pending()) t.cancel();
                    return;
                }
            }
        }

        private void checkThePrimitives() throws Exception {
            for (Task<Void> c : shielded) if (c.isCancelled()) violation("the shielded " + c + " was cancelled");
            if (lock.locked() || inLock != 0) violation("the lock is still held: " + lock + ", holders " + inLock);
            if (semaphore.available() != permits || inSemaphore != 0) {
                violation("the semaphore has " + semaphore.available() + " permits free, not " + permits + ": " + semaphore);
            }
            if (condition.locked() || inCondition != 0) violation("the condition's lock is still held: " + condition);
            if (tokens != produced - consumed || tokens < 0) {
                violation("condition tokens: " + tokens + " left, " + produced + " produced, " + consumed + " consumed");
            }
            drainQueue();
            Set<Integer> accounted = new HashSet<>(got);
            for (int item : left) {
                if (!accounted.add(item)) violation("item " + item + " was got and is still in the queue");
            }
            Set<Integer> lost = new HashSet<>(put);
            lost.removeAll(accounted);
            Set<Integer> invented = new HashSet<>(accounted);
            invented.removeAll(put);
            if (!invented.isEmpty()) violation("queue items got or left without a put: " + invented + " (" + queue + ")");
            if (lost.size() != Math.max(dropped, 0)) {
                violation("queue items lost: " + lost + (dropped >= 0 ? ", while the immediate shutdown dropped "
                        + dropped : "") + " (" + queue + ")");
            }
            if (dropped > 0) totals.itemsDropped += dropped;
            totals.itemsPut += put.size();
            Task<Void> join = loop.createTask("join", () -> {
                queue.join();
                return null;
            });
            try {
                Async.waitFor(join, Duration.ofHours(1));
            } catch (TimeoutException e) {
                violation("queue.join() still waits with every item taken and done: " + queue);
            }
        }

        // -------------------------------------------------------------- tasks and chaos

        private <T> T pick(T[] values, int[] weights) {
            int total = 0;
            for (int w : weights) total += w;
            int r = rnd.nextInt(total);
            for (int i = 0; ; i++) {
                r -= weights[i];
                if (r < 0) return values[i];
            }
        }

        private interface Work {
            void run() throws Exception;
        }

        /**
         * Starts a task (in {@code group} if given) that records its start, its end and its finally blocks, and lets
         * the chaos cancel it (unless {@code start} is negative).
         */
        private Task<Void> spawn(Kind kind, TaskGroup group, int start, Work work) {
            Probe p = new Probe(kind + "-" + probes.size());
            probes.add(p);
            Coroutine<Void> body = () -> {
                p.started = true;
                try {
                    work.run();
                } catch (CancellationException | Boom | TimeoutException | QueueShutDownException | TaskGroupException e) {
                    p.abnormalEndAt = ++events;
                    throw e;
                } catch (Throwable t) {
                    p.abnormalEndAt = ++events;
                    violation(p.name + " failed unexpectedly: " + t);
                    throw t;
                } finally {
                    p.finallies++;
                }
                return null;
            };
            p.task = group != null ? group.createTask(p.name, body) : loop.createTask(p.name, body);
            if (start >= 0) chaos(p, start);
            return p.task;
        }

        /** Cancels a task at a random point: before it starts, at a random time, near its start, or twice. */
        private void chaos(Probe p, int start) {
            switch (rnd.nextInt(12)) {
                case 0 -> cancel(p); // before its first step: the body never runs
                case 1 -> loop.callSoon(() -> cancel(p)); // after its first step
                case 2, 3 -> loop.callLater(ms(rnd.nextInt(STORM_MS + 20)), () -> cancel(p));
                case 4, 5, 6 -> loop.callLater(ms(start + rnd.nextInt(8)), () -> cancel(p)); // while it works
                case 7 -> {
                    int t = start + rnd.nextInt(8);
                    loop.callLater(ms(t), () -> cancel(p));
                    loop.callLater(ms(t + rnd.nextInt(3)), () -> cancel(p));
                }
                default -> {
                    // not cancelled by the chaos
                }
            }
        }

        private void cancel(Probe p) {
            if (p.cancelRequestedAt == 0) p.cancelRequestedAt = ++events;
            p.task.cancel();
        }

        /** Cancels the head of a waiters line now and then, right after it was woken and before it runs. */
        private void cancelHeadSometimes(List<Task<?>> waiters) {
            if (!waiters.isEmpty() && rnd.nextInt(3) == 0 && waiters.get(0).cancel()) totals.wokenThenCancelled++;
        }

        private void work(Kind kind) throws Exception {
            switch (kind) {
                case LOCK -> lockWork();
                case SEMAPHORE -> permitWork();
                case CONDITION_WAIT -> conditionWait();
                case CONDITION_SIGNAL -> conditionSignal();
                case EVENT -> eventWait();
                case PUT -> putWork();
                case GET -> getWork();
                case JOIN -> {
                    try {
                        queue.join();
                    } catch (CancellationException e) {
                        totals.joinCancelled++;
                        throw e;
                    }
                }
                case GROUP -> groupWork();
                case GATHER -> gatherWork();
                case WAIT_FOR -> waitForWork();
                case TIMEOUT -> timeoutWork();
                case SHIELD -> shieldWork();
                case AWAIT -> Async.await(futures.get(rnd.nextInt(futures.size())));
                case SLEEP -> Async.sleep(ms(rnd.nextInt(6)));
                case FAIL -> {
                    Async.sleep(ms(rnd.nextInt(4)));
                    throw new Boom();
                }
            }
        }

        private void lockWork() throws Exception {
            Task<?> me = Async.currentTask();
            lockWaiters.add(me);
            try {
                lock.acquire();
            } catch (CancellationException e) {
                totals.waitingLock++;
                throw e;
            } finally {
                lockWaiters.remove(me);
            }
            try {
                if (inLock++ != 0) violation("two tasks hold the lock");
                Async.sleep(ms(rnd.nextInt(4)));
            } catch (CancellationException e) {
                totals.holdingLock++;
                throw e;
            } finally {
                inLock--;
                lock.release();
                cancelHeadSometimes(lockWaiters);
            }
        }

        private void permitWork() throws Exception {
            Task<?> me = Async.currentTask();
            permitWaiters.add(me);
            try {
                semaphore.acquire();
            } catch (CancellationException e) {
                totals.waitingPermit++;
                throw e;
            } finally {
                permitWaiters.remove(me);
            }
            try {
                if (++inSemaphore > permits) violation(inSemaphore + " tasks hold one of " + permits + " permits");
                Async.sleep(ms(rnd.nextInt(4)));
            } catch (CancellationException e) {
                totals.holdingPermit++;
                throw e;
            } finally {
                inSemaphore--;
                semaphore.release();
                cancelHeadSometimes(permitWaiters);
            }
        }

        private void conditionWait() throws Exception {
            Task<?> me = Async.currentTask();
            condition.withLock(() -> {
                if (inCondition++ != 0) violation("two tasks hold the condition's lock");
                try {
                    inCondition--;
                    conditionWaiters.add(me);
                    try {
                        condition.waitFor(() -> tokens > 0 || closing);
                    } catch (CancellationException e) {
                        totals.condWait++;
                        if (!condition.locked()) violation("a cancelled waitFor threw without the lock held again");
                        throw e;
                    } finally {
                        conditionWaiters.remove(me);
                        if (inCondition++ != 0) violation("two tasks hold the condition's lock after a wait");
                    }
                    if (tokens > 0) {
                        tokens--;
                        consumed++;
                    }
                    Async.sleep(ms(rnd.nextInt(2)));
                } finally {
                    inCondition--;
                }
                return null;
            });
        }

        private void conditionSignal() throws Exception {
            condition.withLock(() -> {
                if (inCondition++ != 0) violation("two tasks hold the condition's lock");
                try {
                    int n = 1 + rnd.nextInt(2);
                    tokens += n;
                    produced += n;
                    if (rnd.nextBoolean()) condition.signal(n);
                    else condition.signalAll();
                    cancelHeadSometimes(conditionWaiters);
                } finally {
                    inCondition--;
                }
                return null;
            });
        }

        private void eventWait() {
            Task<?> me = Async.currentTask();
            eventWaiters.add(me);
            try {
                event.waitSet();
            } catch (CancellationException e) {
                totals.eventWait++;
                throw e;
            } finally {
                eventWaiters.remove(me);
            }
        }

        private void putWork() {
            Task<?> me = Async.currentTask();
            int item = nextItem++;
            putters.add(me);
            try {
                queue.put(item);
            } catch (CancellationException e) {
                totals.queuePut++;
                throw e;
            } finally {
                putters.remove(me);
            }
            if (!put.add(item)) violation("item " + item + " put twice");
            cancelHeadSometimes(getters); // the getter the item was promised to, before it runs
        }

        private void getWork() throws Exception {
            Task<?> me = Async.currentTask();
            getters.add(me);
            int item;
            try {
                item = queue.get();
            } catch (CancellationException e) {
                totals.queueGet++;
                throw e;
            } finally {
                getters.remove(me);
            }
            if (!got.add(item)) violation("item " + item + " got twice");
            try {
                Async.sleep(ms(rnd.nextInt(3)));
            } finally {
                queue.taskDone();
            }
        }

        private void groupWork() throws Exception {
            List<Task<Void>> children = new ArrayList<>();
            boolean failing = false;
            try {
                TaskGroup.run(g -> {
                    for (int n = 1 + rnd.nextInt(4); n > 0; n--) children.add(child(g));
                    Async.sleep(ms(rnd.nextInt(5)));
                    if (rnd.nextInt(5) == 0) {
                        totals.groupsCancelledByBody++;
                        g.cancel(); // cancels the children and this body; run() then returns once they are done
                        Async.sleep(ms(1));
                    }
                    return null;
                });
            } catch (CancellationException e) {
                totals.groupCancelled++;
                throw e;
            } catch (TaskGroupException e) {
                for (Throwable t : e.failures()) {
                    // children fail on purpose (Boom), or put to / get from the queue after the closing shut it down
                    if (!(t instanceof Boom || t instanceof QueueShutDownException)) violation("TaskGroup failed with " + t);
                }
                failing = true;
            } finally {
                for (Task<Void> c : children) {
                    if (!c.isDone()) violation("TaskGroup.run ended before its child " + c + " (failing: " + failing + ")");
                }
            }
        }

        private Task<Void> child(TaskGroup group) {
            Kind kind = pick(CHILD_KINDS, CHILD_WEIGHTS);
            return spawn(kind, group, 0, () -> work(kind));
        }

        private void gatherWork() throws Exception {
            Probe me = probeOf(Async.currentTask());
            List<Task<Void>> children = new ArrayList<>();
            for (int n = 1 + rnd.nextInt(4); n > 0; n--) children.add(child(null));
            try {
                Async.gather(children);
            } catch (CancellationException e) {
                // A gather cancelled through its caller ends only after every child has ended. (A child that ended
                // cancelled or failed before that request ended the gather at once, and the others run on.)
                boolean byCaller = me.cancelRequestedAt != 0;
                for (Task<Void> c : children) {
                    Probe cp = probeOf(c);
                    boolean endedBefore = cp.abnormalEndAt != 0 && cp.abnormalEndAt < me.cancelRequestedAt;
                    boolean cancelledUnstartedBefore = !cp.started && cp.cancelRequestedAt != 0
                            && cp.cancelRequestedAt < me.cancelRequestedAt;
                    if (endedBefore || cancelledUnstartedBefore) byCaller = false;
                }
                if (byCaller) {
                    totals.gatherCancelled++;
                    for (Task<Void> c : children) {
                        if (!c.isDone()) violation("a gather cancelled by its caller threw before its child " + c + " ended");
                    }
                }
                throw e;
            } catch (Boom e) {
                // a child failed: gather passes its failure on, the others run on
            }
        }

        private void waitForWork() throws Exception {
            Task<Void> child = child(null);
            try {
                Async.waitFor(child, ms(1 + rnd.nextInt(6)));
            } catch (TimeoutException e) {
                totals.waitForTimeouts++;
                if (!child.isDone()) violation("waitFor timed out before its child " + child + " ended");
            } catch (Boom e) {
                // the child's own failure
            }
        }

        private void timeoutWork() throws Exception {
            try {
                if (rnd.nextBoolean()) {
                    Async.withTimeout(ms(1 + rnd.nextInt(6)), () -> {
                        timedWork();
                        return null;
                    });
                } else {
                    Timeout.run(ms(1 + rnd.nextInt(6)), scope -> {
                        Async.sleep(ms(rnd.nextInt(3)));
                        scope.reschedule(ms(rnd.nextInt(6))); // zero: expires at the next suspension
                        totals.rescheduled++;
                        timedWork();
                        return null;
                    });
                }
            } catch (TimeoutException e) {
                totals.withTimeoutTimeouts++;
            }
        }

        private void timedWork() throws Exception {
            switch (rnd.nextInt(3)) {
                case 0 -> lockWork();
                case 1 -> permitWork();
                default -> Async.sleep(ms(rnd.nextInt(8)));
            }
        }

        /** Awaits a shielded child that the chaos leaves alone: cancelling the caller must not cancel the child. */
        private void shieldWork() throws Exception {
            Task<Void> child = spawn(Kind.SLEEP, null, -1, () -> Async.sleep(ms(rnd.nextInt(6))));
            shielded.add(child); // checked at the end of the round: never cancelled
            try {
                Async.await(Async.shield(child));
            } catch (CancellationException e) {
                totals.shieldCancelled++;
                throw e;
            }
        }

        private Probe probeOf(Task<?> task) {
            for (int i = probes.size() - 1; i >= 0; i--) if (probes.get(i).task == task) return probes.get(i);
            throw new AssertionError("no probe for " + task);
        }
    }
}
