package io.loopfx.core;

/**
 * A snapshot of an event loop's counters, for monitors and tests ({@link EventLoop#stats()}). Taken on the
 * loop's thread it is exact; taken elsewhere it is a recent picture.
 *
 * @param readyCallbacks  callbacks ready to run, those sent from other threads included
 * @param timers          timers in the heap, cancelled ones not removed yet included
 * @param cancelledTimers cancelled timers still in the heap (the heap is compacted before they make up half of it)
 * @param liveTasks       tasks not done yet
 * @param iterations      iterations run since the loop was made
 */
public record LoopStats(int readyCallbacks, int timers, int cancelledTimers, int liveTasks, long iterations) {
}
