/**
 * Running functions in other processes: {@link io.loopfx.core.process.ProcessPoolExecutor}, an
 * {@link java.util.concurrent.ExecutorService} of worker JVMs, and {@link io.loopfx.core.process.ProcessCallable},
 * the work it runs. A worker that dies fails only the task it was running, and the pool replaces it.
 */
package io.loopfx.core.process;
