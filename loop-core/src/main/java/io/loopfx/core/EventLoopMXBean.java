package io.loopfx.core;

/**
 * The JMX view of one event loop, registered by {@link LoopManagement}. Every attribute and operation may be
 * called from any thread (a JMX connector's); the counters are a recent picture.
 */
public interface EventLoopMXBean {
    /**
     * Returns the text form of {@link EventLoop#dumpTasks()}.
     *
     * @return the task dump as text
     */
    String dumpTasks();

    /**
     * Returns the loop's {@code toString()}: its kind, whether it runs, its queue lengths.
     *
     * @return the description
     */
    String getDescription();

    /**
     * Returns the number of tasks not done yet.
     *
     * @return the live tasks
     */
    int getLiveTasks();

    /**
     * Returns the number of callbacks ready to run.
     *
     * @return the ready callbacks
     */
    int getReadyCallbacks();

    /**
     * Returns the number of timers in the heap.
     *
     * @return the timers
     */
    int getTimers();

    /**
     * Returns the number of iterations run.
     *
     * @return the iterations
     */
    long getIterations();

    /**
     * Returns whether the loop runs.
     *
     * @return true while it runs
     */
    boolean isRunning();

    /**
     * Returns whether debug mode is on (tasks created then record their creation site).
     *
     * @return true in debug mode
     */
    boolean isDebug();

    /**
     * Turns debug mode on or off.
     *
     * @param enabled true to turn it on
     */
    void setDebug(boolean enabled);
}
