/**
 * Synchronisation primitives and queues for tasks of one {@link io.loopfx.core.EventLoop}, modelled on
 * Python's {@code asyncio} (3.13): {@link io.loopfx.core.sync.AsyncLock}, {@link io.loopfx.core.sync.AsyncEvent},
 * {@link io.loopfx.core.sync.AsyncCondition}, {@link io.loopfx.core.sync.AsyncSemaphore},
 * {@link io.loopfx.core.sync.AsyncBoundedSemaphore} and {@link io.loopfx.core.sync.AsyncQueue}.
 *
 * <p>Rules shared by every class here:
 * <ul>
 *   <li><b>Waiting methods need a task.</b> A method that may have to wait ({@code acquire}, {@code get},
 *       {@code put}, {@code join}, {@code waitSet}, {@code waitSignal}, {@code waitFor}) suspends the calling
 *       task without blocking the loop thread. It must be called from a task's own code <em>every time</em>,
 *       even when it would not have to wait, so that a misuse shows at once instead of only under
 *       contention; elsewhere it throws an {@link java.lang.IllegalStateException} that says so. Methods that
 *       never wait ({@code release}, {@code set}, {@code signal}, {@code putNowait}, {@code getNowait},
 *       {@code shutdown}...) may also be called from plain callbacks of the loop, or before the loop runs.</li>
 *   <li><b>One loop.</b> An object is bound to the loop of the first task that calls one of its waiting
 *       methods (asyncio's rule since Python 3.10); a task of another loop calling one then gets an
 *       {@link java.lang.IllegalStateException}. Create one object per loop.</li>
 *   <li><b>Not thread-safe.</b> Like the rest of the loop's API, use them on the loop thread only. From
 *       other threads, go through {@link io.loopfx.core.EventLoop#callSoonThreadsafe} (or
 *       {@link io.loopfx.core.EventLoop#submit}); the loop's debug mode detects many wrong-thread calls.</li>
 *   <li><b>Fair.</b> Waiters are served first come, first served, and a newcomer never overtakes a waiter
 *       that was already woken but has not run yet.</li>
 *   <li><b>Cancellation.</b> A task cancelled while waiting gets a
 *       {@link java.util.concurrent.CancellationException} and does not get what it waited for (no lock,
 *       permit, item or slot). If it had already been woken when it was cancelled, what it was given passes
 *       to the next waiter, so no wake-up is lost.</li>
 *   <li><b>No checked exceptions.</b> The waiting methods do not declare {@code throws Exception}: the only
 *       way their internal waits end abnormally is a {@link java.util.concurrent.CancellationException},
 *       which is unchecked. Only the lambda forms ({@code withLock}, {@code withPermit}) declare
 *       {@code throws Exception}, because they rethrow what the body throws, unchanged.</li>
 * </ul>
 */
package io.loopfx.core.sync;
