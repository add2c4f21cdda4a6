package io.loopfx.core.sync;

import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;

/**
 * A queue for producer and consumer tasks of one event loop (asyncio.Queue, PriorityQueue and LifoQueue,
 * with the {@code shutdown} of Python 3.13). {@link #get()} suspends the calling task while the queue is
 * empty, {@link #put} while it is full; the {@code Nowait} forms never wait and throw instead.
 * <pre>{@code
 * AsyncQueue<String> queue = AsyncQueue.fifo(10);        // at most 10 items; fifo() is unbounded
 * loop.createTask(() -> { for (String s : lines) queue.put(s); queue.shutdown(); return null; });
 * loop.createTask(() -> {
 *     try {
 *         while (true) { handle(queue.get()); queue.taskDone(); }
 *     } catch (QueueShutDownException drained) { return null; }
 * });
 * }</pre>
 *
 * <p><b>Orders.</b> {@link #fifo(int)} hands items out in the order they were put, {@link #lifo(int)} newest
 * first, {@link #priority(int)} and {@link #priority(int, Comparator)} smallest first, and items that compare
 * equal in the order they were put. Items must not be null.
 *
 * <p><b>Fairness.</b> Waiting {@code get} and {@code put} calls are served in the order they began. When an
 * item (or a free slot) is handed to a waiting task, it is promised to that task until the task runs: a
 * newcomer cannot take it first, and a promised task that is cancelled before it runs passes it on. So
 * {@link #isEmpty()} and {@link #isFull()} describe what a newcomer may do, and may differ from what
 * {@link #size()} alone suggests while such promises are outstanding. (asyncio lets newcomers take them, and
 * the woken task then waits again at the end of the line.)
 *
 * <p><b>Work accounting.</b> Every item put counts as unfinished until a consumer calls {@link #taskDone()}
 * for it; {@link #join()} waits until nothing is unfinished.
 *
 * <p><b>Shutdown.</b> After {@link #shutdown(boolean)}, every {@code put} throws {@link QueueShutDownException},
 * and waiting {@code put} calls are woken to throw it too. {@code get} goes on returning the items left,
 * then throws it. An immediate shutdown also drops the items left (each counts as done for {@code join})
 * and wakes every waiting {@code get}, which throws.
 *
 * <p>See the package documentation for the rules shared by all primitives (task-only waiting, loop
 * binding, threads).
 *
 * @param <T> the item type
 */
public final class AsyncQueue<T> {
    private final LoopBinding binding = new LoopBinding("AsyncQueue");
    private final Buffer<T> buffer;
    private final int maxSize;
    /** Woken with TRUE when an item is promised to them, with FALSE by shutdown. */
    private final Waiters<Boolean> getters = new Waiters<>();
    /** Woken with TRUE when a free slot is promised to them, with FALSE by shutdown. */
    private final Waiters<Boolean> putters = new Waiters<>();
    private int promisedItems;
    private int promisedSlots;
    private int unfinished;
    private final AsyncEvent allDone = new AsyncEvent();
    private boolean shutDown;

    private AsyncQueue(int maxSize, Buffer<T> buffer) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("AsyncQueue maxSize must be 0 (unbounded) or positive, got " + maxSize);
        }
        this.maxSize = maxSize;
        this.buffer = buffer;
        allDone.set();
    }

    /**
     * Creates an unbounded first-in, first-out queue.
     *
     * @param <T> the item type
     * @return a new queue
     */
    public static <T> AsyncQueue<T> fifo() {
        return fifo(0);
    }

    /**
     * Creates a first-in, first-out queue.
     *
     * @param maxSize the most items it holds, 0 for unbounded
     * @param <T>     the item type
     * @return a new queue
     * @throws IllegalArgumentException if maxSize is negative
     */
    public static <T> AsyncQueue<T> fifo(int maxSize) {
        return new AsyncQueue<>(maxSize, new DequeBuffer<>(false));
    }

    /**
     * Creates a last-in, first-out queue (a stack).
     *
     * @param maxSize the most items it holds, 0 for unbounded
     * @param <T>     the item type
     * @return a new queue
     * @throws IllegalArgumentException if maxSize is negative
     */
    public static <T> AsyncQueue<T> lifo(int maxSize) {
        return new AsyncQueue<>(maxSize, new DequeBuffer<>(true));
    }

    /**
     * Creates a queue that hands out the smallest item first, by the items' natural order; equal items leave
     * in the order they were put.
     *
     * @param maxSize the most items it holds, 0 for unbounded
     * @param <T>     the item type
     * @return a new queue
     * @throws IllegalArgumentException if maxSize is negative
     */
    public static <T extends Comparable<? super T>> AsyncQueue<T> priority(int maxSize) {
        return priority(maxSize, Comparator.naturalOrder());
    }

    /**
     * Creates a queue that hands out the smallest item first, by {@code order}; items that compare equal leave
     * in the order they were put.
     *
     * @param maxSize the most items it holds, 0 for unbounded
     * @param order   the order
     * @param <T>     the item type
     * @return a new queue
     * @throws IllegalArgumentException if maxSize is negative
     * @throws NullPointerException     if order is null
     */
    public static <T> AsyncQueue<T> priority(int maxSize, Comparator<? super T> order) {
        Objects.requireNonNull(order, "order");
        return new AsyncQueue<>(maxSize, new PriorityBuffer<>(order));
    }

    /**
     * Returns the most items the queue holds; 0 means unbounded.
     *
     * @return the maximum size, 0 for unbounded
     */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Returns the number of items in the queue, including items promised to woken {@code get} calls.
     *
     * @return the number of items
     */
    public int size() {
        return buffer.size();
    }

    /**
     * Returns true if no item is there for a newcomer, i.e. {@link #getNowait()} would throw.
     *
     * @return true if getNowait() would throw
     */
    public boolean isEmpty() {
        return !itemFree();
    }

    /**
     * Returns true if no slot is free for a newcomer, i.e. {@link #putNowait} would throw
     * {@link QueueFullException}. Never true for an unbounded queue.
     *
     * @return true if putNowait() would throw QueueFullException
     */
    public boolean isFull() {
        return !slotFree();
    }

    /**
     * Returns true once {@link #shutdown(boolean)} was called.
     *
     * @return true if shut down
     */
    public boolean isShutDown() {
        return shutDown;
    }

    /**
     * Adds {@code item}, suspending the calling task while the queue is full.
     *
     * @param item the item
     * @throws QueueShutDownException if the queue is shut down, before or while this call waits
     * @throws CancellationException  if the task is cancelled while it waits; the item is then not added
     * @throws IllegalStateException  if not called from a task's own code, or from a task of another loop than
     *                                the one this queue is bound to
     * @throws NullPointerException   if item is null
     */
    public void put(T item) {
        Objects.requireNonNull(item, "item");
        EventLoop loop = binding.enter("put()", "putNowait()");
        if (shutDown) throw shutDownOnPut();
        if (slotFree()) {
            add(item);
            return;
        }
        boolean promised = awaitTurn(putters.join(loop), putters);
        if (promised) promisedSlots--;
        if (shutDown) throw shutDownOnPut();
        add(item);
    }

    /**
     * Adds {@code item} if a slot is free for it, without waiting. May be called from any code on the loop
     * thread, also outside tasks.
     *
     * @param item the item
     * @throws QueueFullException     if no slot is free (see {@link #isFull()})
     * @throws QueueShutDownException if the queue is shut down
     * @throws NullPointerException   if item is null
     */
    public void putNowait(T item) {
        Objects.requireNonNull(item, "item");
        if (shutDown) throw shutDownOnPut();
        if (!slotFree()) {
            throw new QueueFullException("AsyncQueue is full (maxSize " + maxSize + "): putNowait() cannot add "
                    + "an item. Use put() in a task to wait for a free slot, or check isFull() first.");
        }
        add(item);
    }

    /**
     * Removes and returns the next item, suspending the calling task while there is none.
     *
     * @return the item
     * @throws QueueShutDownException if the queue is shut down and no item is left for this call
     * @throws CancellationException  if the task is cancelled while it waits; no item is taken then
     * @throws IllegalStateException  if not called from a task's own code, or from a task of another loop than
     *                                the one this queue is bound to
     */
    public T get() {
        EventLoop loop = binding.enter("get()", "getNowait()");
        if (itemFree()) return take();
        if (shutDown) throw shutDownOnGet();
        boolean promised = awaitTurn(getters.join(loop), getters);
        if (promised) promisedItems--;
        // Not promised means woken by shutdown; promised but gone means an immediate shutdown dropped it.
        if (promised ? buffer.size() == 0 : !itemFree()) throw shutDownOnGet();
        return take();
    }

    /**
     * Removes and returns the next item if there is one for the caller, without waiting. May be called from
     * any code on the loop thread, also outside tasks.
     *
     * @return the item
     * @throws QueueEmptyException    if there is none (see {@link #isEmpty()})
     * @throws QueueShutDownException if there is none and the queue is shut down
     */
    public T getNowait() {
        if (!itemFree()) {
            if (shutDown) throw shutDownOnGet();
            throw new QueueEmptyException("AsyncQueue is empty: getNowait() has no item to return. Use get() in a "
                    + "task to wait for one, or check isEmpty() first.");
        }
        return take();
    }

    /**
     * Tells the queue that one item taken from it has been processed; once every item put was, {@link #join()}
     * returns.
     *
     * @throws IllegalStateException if called more often than items were put
     */
    public void taskDone() {
        if (unfinished <= 0) {
            throw new IllegalStateException("AsyncQueue.taskDone() was called more often than items were put: no "
                    + "item is unfinished. Call it once per item taken with get()/getNowait(), after processing it.");
        }
        if (--unfinished == 0) allDone.set();
    }

    /**
     * Suspends the calling task until every item put so far has been processed, i.e. {@link #taskDone()} was
     * called once for each. Returns at once if nothing is unfinished.
     *
     * @throws CancellationException if the task is cancelled while it waits
     * @throws IllegalStateException if not called from a task's own code, or from a task of another loop than
     *                               the one this queue is bound to
     */
    public void join() {
        binding.enter("join()", null);
        if (unfinished > 0) allDone.waitSet();
    }

    /**
     * Shuts the queue down, as {@link #shutdown(boolean) shutdown(false)}: no more puts, gets drain what is left.
     */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (Python 3.13 semantics): from now on every {@code put} throws
     * {@link QueueShutDownException}, and waiting {@code put} calls are woken to throw it. {@code get} returns
     * the items left, then throws it. With {@code immediate}, the items left are dropped and counted as done
     * (which may let {@link #join()} return), and every waiting {@code get} is woken to throw. Items already
     * taken still need their {@link #taskDone()}. Calling it again does no harm; a later immediate call still
     * drops what is left. Needs no task.
     *
     * @param immediate true to drop the items left and make {@code get} throw at once
     */
    public void shutdown(boolean immediate) {
        shutDown = true;
        if (immediate) {
            unfinished = Math.max(0, unfinished - buffer.size());
            buffer.clear();
            if (unfinished == 0) allDone.set();
        }
        getters.popAndWakeAll(Boolean.FALSE);
        putters.popAndWakeAll(Boolean.FALSE);
    }

    // ------------------------------------------------------------------ internals

    /** An item is there that is not promised to a woken get. */
    private boolean itemFree() {
        return buffer.size() - promisedItems > 0;
    }

    /** A slot is free that is not promised to a woken put. */
    private boolean slotFree() {
        return maxSize == 0 || buffer.size() + promisedSlots < maxSize;
    }

    private void add(T item) {
        buffer.add(item);
        unfinished++;
        allDone.clear();
        promiseItems();
    }

    private T take() {
        T item = buffer.take();
        promiseSlots();
        return item;
    }

    /** Promises each free item to the next waiting get, while both exist. */
    private void promiseItems() {
        while (itemFree() && getters.popAndWakeNext(Boolean.TRUE)) promisedItems++;
    }

    /** Promises each free slot to the next waiting put, while both exist. */
    private void promiseSlots() {
        while (slotFree() && putters.popAndWakeNext(Boolean.TRUE)) promisedSlots++;
    }

    /**
     * Waits in {@code line}. If the wait fails (the task was cancelled) after an item or slot was promised,
     * passes the promise on, so that no wake-up is lost.
     *
     * @return true if an item or slot was promised, false if woken by shutdown
     */
    private boolean awaitTurn(LoopFuture<Boolean> waiter, Waiters<Boolean> line) {
        try {
            return LoopBinding.await(waiter);
        } catch (Throwable t) {
            if (!waiter.isDone()) waiter.cancel();   // it failed before it could suspend
            if (waiter.isCancelled()) {
                line.leave(waiter);
            } else if (waiter.result()) {
                if (line == getters) {
                    promisedItems--;
                    promiseItems();
                } else {
                    promisedSlots--;
                    promiseSlots();
                }
            }
            throw t;
        }
    }

    private QueueShutDownException shutDownOnPut() {
        return new QueueShutDownException("AsyncQueue is shut down: it accepts no more items.");
    }

    private QueueShutDownException shutDownOnGet() {
        return new QueueShutDownException("AsyncQueue is shut down and has no item left to return.");
    }

    @Override
    public String toString() {
        return "AsyncQueue[" + buffer.kind() + ", size=" + buffer.size() + (maxSize > 0 ? "/" + maxSize : "")
                + ", unfinished=" + unfinished
                + (getters.size() > 0 ? ", getters=" + getters.size() : "")
                + (putters.size() > 0 ? ", putters=" + putters.size() : "")
                + (shutDown ? ", shut down" : "") + "]";
    }

    /** Where the items wait; decides the order they leave in. */
    private interface Buffer<T> {
        void add(T item);

        T take();

        int size();

        void clear();

        String kind();
    }

    private static final class DequeBuffer<T> implements Buffer<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private final boolean lifo;

        DequeBuffer(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        public void add(T item) {
            items.addLast(item);
        }

        @Override
        public T take() {
            return lifo ? items.pollLast() : items.pollFirst();
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public void clear() {
            items.clear();
        }

        @Override
        public String kind() {
            return lifo ? "lifo" : "fifo";
        }
    }

    /** A heap; a sequence number keeps items that compare equal in the order they were put. */
    private static final class PriorityBuffer<T> implements Buffer<T> {
        private record Entry<T>(T item, long seq) {
        }

        private final PriorityQueue<Entry<T>> heap;
        private long nextSeq;

        PriorityBuffer(Comparator<? super T> order) {
            heap = new PriorityQueue<>((a, b) -> {
                int c = order.compare(a.item(), b.item());
                return c != 0 ? c : Long.compare(a.seq(), b.seq());
            });
        }

        @Override
        public void add(T item) {
            heap.add(new Entry<>(item, nextSeq++));
        }

        @Override
        public T take() {
            return heap.remove().item();
        }

        @Override
        public int size() {
            return heap.size();
        }

        @Override
        public void clear() {
            heap.clear();
        }

        @Override
        public String kind() {
            return "priority";
        }
    }
}
