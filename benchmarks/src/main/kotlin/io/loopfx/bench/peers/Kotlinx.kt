package io.loopfx.bench.peers

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.asExecutor
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.javafx.JavaFx
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.concurrent.Executor
import java.util.function.BiConsumer
import java.util.function.IntConsumer
import java.util.function.LongConsumer
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.coroutineContext
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.nanoseconds

/**
 * The kotlinx.coroutines side of the peer workloads (issue 16), called from the JMH benchmarks and mains of
 * this package. Each workload runs in `runBlocking`: kotlinx's own event loop on the calling thread, as
 * loopfx's benchmarks run `runUntilComplete` on a thread loop driven by the JMH thread.
 */
object Kotlinx {
    private val NOOP = Runnable { }

    /** The event loop of the `runBlocking` this coroutine runs in, as an `Executor` (a `dispatch` per call). */
    private suspend fun loopExecutor(): Executor =
        (coroutineContext[ContinuationInterceptor] as CoroutineDispatcher).asExecutor()

    /** a1: `n - 1` no-op runnables and a final one dispatched to the loop from inside it; until the final ran. */
    @JvmStatic
    fun a1Dispatch(n: Int) = runBlocking {
        val loop = loopExecutor()
        val done = CompletableDeferred<Unit>()
        for (i in 1 until n) loop.execute(NOOP)
        loop.execute { done.complete(Unit) }
        done.await()
    }

    /**
     * b: hands the loop (as an executor) and the runnable that ends the operation to [begin], which releases
     * the producer threads; returns when that runnable has run on the loop.
     */
    @JvmStatic
    fun threadsafe(begin: BiConsumer<Executor, Runnable>) = runBlocking {
        val done = CompletableDeferred<Unit>()
        begin.accept(loopExecutor()) { done.complete(Unit) }
        done.await()
    }

    /** c1: two coroutines play ping-pong through `CompletableDeferred`s, `n` round trips (loopfx's c1 line by line). */
    @JvmStatic
    fun c1PingPong(n: Int) = runBlocking {
        var request = CompletableDeferred<CompletableDeferred<Unit>>()
        val ponger = launch {
            repeat(n) {
                val reply = request.await()
                request = CompletableDeferred()
                reply.complete(Unit)
            }
        }
        yield() // let the ponger park on the first request
        repeat(n) {
            val reply = CompletableDeferred<Unit>()
            request.complete(reply)
            reply.await()
        }
        ponger.join()
    }

    /** c3: one coroutine calling `yield()` `n` times. */
    @JvmStatic
    fun c3Yield(n: Int) = runBlocking {
        repeat(n) { yield() }
    }

    /** d: `n` empty coroutines launched in a scope, which returns when all of them have completed. */
    @JvmStatic
    fun dLaunch(n: Int) = runBlocking {
        coroutineScope {
            repeat(n) { launch { } }
        }
    }

    /**
     * e: runs [before], launches `n` coroutines that suspend in `delay(1 h)`, checks that all of them are
     * suspended, hands their count to [parked], then cancels them. The caller reads the heap in [before] and
     * [parked]; the array holding the jobs is counted, as loopfx's figure counts its task array.
     */
    @JvmStatic
    fun parkInDelay(n: Int, before: Runnable, parked: IntConsumer) = runBlocking {
        before.run()
        val jobs = arrayOfNulls<Job>(n)
        for (i in 0 until n) jobs[i] = launch { delay(1.hours) }
        yield() // every launched coroutine runs to its delay
        yield()
        val pending = jobs.count { it!!.isActive }
        check(pending == n) { "only $pending/$n coroutines suspended in delay" }
        parked.accept(pending)
        for (job in jobs) job!!.cancelAndJoin()
    }

    /** The executor that dispatches to `Dispatchers.JavaFx` (a `Platform.runLater` per runnable). */
    @JvmStatic
    fun javaFxExecutor(): Executor = Dispatchers.JavaFx.asExecutor()

    /**
     * On the FX thread: starts, for each of [delaysNanos], a coroutine on `Dispatchers.JavaFx` that runs at
     * once (`CoroutineStart.UNDISPATCHED`, as loopfx's eager tasks do), reads `System.nanoTime()`, delays by
     * that much and hands its lateness in ns (now minus that reading minus the delay) to [late].
     */
    @JvmStatic
    fun delaysOnJavaFx(delaysNanos: LongArray, late: LongConsumer) {
        val scope = CoroutineScope(Dispatchers.JavaFx)
        for (d in delaysNanos) {
            scope.launch(start = CoroutineStart.UNDISPATCHED) {
                val start = System.nanoTime()
                delay(d.nanoseconds)
                late.accept(System.nanoTime() - start - d)
            }
        }
    }
}
