package io.loopfx.core;

/**
 * When {@link EventLoop#createTask(String, TaskStart, Coroutine)} runs the first lines of a task's body.
 *
 * <pre>{@code
 * List<String> log = new ArrayList<>();
 * Task<Void> t = loop.createTask("eager", TaskStart.EAGER, () -> {
 *     log.add("first line");           // runs inside createTask
 *     Async.sleep(Duration.ofMillis(5)); // the first suspension: createTask returns here
 *     log.add("after the sleep");      // runs later, in an iteration of the loop
 *     return null;
 * });
 * log.add("createTask returned");      // log: [first line, createTask returned, ...]
 * }</pre>
 */
public enum TaskStart {
    /**
     * The first step is scheduled like a {@link EventLoop#callSoon callSoon} callback: the body starts in a
     * later iteration, after the callbacks that were ready before it. What {@link EventLoop#createTask(Coroutine)}
     * does.
     */
    SOON,

    /**
     * The body starts at once, inside {@code createTask}, on the caller's stack, and runs until its first real
     * suspension (an {@link Async#await} of a pending future, {@link Async#sleep}, {@link Async#yieldNow}, or
     * anything built on them) or its end; then {@code createTask} returns the task and the rest of the body runs
     * as any task's does, a step per iteration of the loop (asyncio 3.12's eager tasks; kotlinx's
     * {@code CoroutineStart.UNDISPATCHED} on {@code Dispatchers.Main.immediate}). An await of a future that is
     * already done does not suspend, so the eager part goes on past it.
     *
     * <p>The rules:
     * <ul>
     * <li><b>Where it is eager.</b> {@code createTask} may be called where it always may: on the loop's thread,
     *     or anywhere while the loop has no thread (it is not running). The start is eager only if the loop runs
     *     on the calling thread: inside a callback or a task of the loop, and, for a loop its host runs by itself
     *     (the JavaFX loop), anywhere on that thread, also in a plain event handler that is no callback of the
     *     loop. Anywhere else (set-up code before the loop runs) the task starts as with {@link #SOON}, in the
     *     loop's first iteration, so that task code only ever runs on the thread that runs the loop (asyncio's
     *     rule too: eager only while the loop runs).</li>
     * <li><b>Context.</b> In the eager part {@link EventLoop#current()} returns this loop and
     *     {@link Async#currentTask()} the new task; when {@code createTask} returns, both are again what they
     *     were before (the calling task, or none).</li>
     * <li><b>Ends without suspending.</b> The task is done when {@code createTask} returns, with the body's
     *     value. Its done callbacks are scheduled as on every completion ({@code callSoon}), never run inside
     *     {@code createTask}.</li>
     * <li><b>Throws.</b> The failure is the task's, as for any task: {@code createTask} returns normally, the
     *     task is done with that exception, and a failure nobody retrieves is reported to the exception
     *     handler as for any future. Nothing is thrown to the caller (a plain event handler stays quiet).</li>
     * <li><b>Cancelled before its first suspension.</b> No one outside holds the task before {@code createTask}
     *     returns, so only the body (or code it calls) can cancel it then; the request is handled as for any
     *     running task: its first {@code await} throws the {@link java.util.concurrent.CancellationException}
     *     when the task resumes, and if the body returns before awaiting, the task ends cancelled. A task that
     *     started as {@link #SOON} (see the first rule) and is cancelled before its first step never runs its
     *     body.</li>
     * <li><b>Nesting.</b> An eager task created in the eager part of another (or in any task's code) runs
     *     inside it: its first suspension returns to the code that created it, which goes on. Eager parts thus
     *     run depth-first, in program order, before every callback that was ready.</li>
     * <li><b>The caller's stack.</b> The eager part runs inside the caller: its time counts towards the
     *     caller's callback (slow-callback reports, a JavaFX slice), and what the caller's situation forbids
     *     applies to it (in a JavaFX pulse, no {@code showAndWait}). Its first suspension needs the same as any
     *     {@code await}: on JDK 21 to 23 no monitor held on this thread, also by the caller (otherwise that
     *     {@code await} throws, naming the pinning, and the task is still usable).</li>
     * </ul>
     */
    EAGER
}
