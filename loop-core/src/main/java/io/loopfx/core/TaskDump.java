package io.loopfx.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of what an event loop is doing ({@link EventLoop#dumpTasks()}): every live task with its state,
 * age, what it awaits and where it is suspended, the await cycles among them, the open runs of the loop
 * (nested {@code runUntilComplete}/{@code runForever} calls) and the failures nobody has retrieved yet.
 * {@link #toString()} is the readable text form; the same text is what the loop's JMX operation returns
 * ({@link LoopManagement}).
 *
 * @param loop                the loop's description
 * @param takenAt             when the snapshot was taken (wall clock)
 * @param loopTime            the loop's clock then (virtual on a virtual-clock loop)
 * @param consistent          true if it was taken on the loop's thread (or while no thread ran the loop); false
 *                            if the loop did not answer in time and the snapshot was read from another thread:
 *                            then it may be torn and has no suspended stacks
 * @param loopThreadStack     when not consistent: the stack of the loop's thread then (what keeps it busy); else empty
 * @param tasks               the live tasks, in creation order
 * @param cycles              each await cycle once, as task names, starting at its earliest-created task
 * @param openRuns            the open runs of the loop on its thread, outermost first
 * @param unretrievedFailures failures of futures and tasks that nobody has awaited or looked at yet
 */
public record TaskDump(String loop, Instant takenAt, Duration loopTime, boolean consistent,
                       List<StackTraceElement> loopThreadStack, List<TaskInfo> tasks, List<List<String>> cycles,
                       List<OpenRun> openRuns, List<String> unretrievedFailures) {

    /** Copies the lists. */
    public TaskDump {
        loopThreadStack = List.copyOf(loopThreadStack);
        tasks = List.copyOf(tasks);
        cycles = cycles.stream().map(List::copyOf).toList();
        openRuns = List.copyOf(openRuns);
        unretrievedFailures = List.copyOf(unretrievedFailures);
    }

    /** Where a live task is in its life. */
    public enum State {
        /** Created; its first step is scheduled. */
        NOT_STARTED,
        /** Its code runs now (the dump was taken from it, or from a nested loop it runs). */
        RUNNING,
        /** Suspended in an {@code await} of a future that is not done. */
        SUSPENDED,
        /** Suspended, and its resumption is scheduled (what it awaited is done, or it yielded). */
        READY
    }

    /**
     * One live task.
     *
     * @param name           its name
     * @param state          its state
     * @param age            loop time since it was created, if the loop was in debug mode then (like the creation
     *                       site: reading the clock for every task would slow task creation down); else null
     * @param awaits         what it awaits, hop by hop: the future it awaits, and while that is a task, what that
     *                       task awaits (task A awaits task B awaits a CompletableFuture); a cycle ends with
     *                       "(cycle back to ...)"; empty when it awaits nothing
     * @param awaitedTasks   the names of the tasks it waits for directly: the task it awaits, or the children of
     *                       the gather or task group it awaits
     * @param suspendedStack where its code is suspended, innermost frame first (loopfx's own frames below
     *                       {@code await} left out); empty when it is not suspended or the snapshot is not
     *                       consistent
     * @param creationSite   where it was created, innermost frame first, if the loop was in debug mode then;
     *                       else empty
     * @param cancelling     its outstanding cancellation requests
     */
    public record TaskInfo(String name, State state, Duration age, List<String> awaits, List<String> awaitedTasks,
                           List<StackTraceElement> suspendedStack, List<StackTraceElement> creationSite,
                           int cancelling) {
        /** Copies the lists. */
        public TaskInfo {
            awaits = List.copyOf(awaits);
            awaitedTasks = List.copyOf(awaitedTasks);
            suspendedStack = List.copyOf(suspendedStack);
            creationSite = List.copyOf(creationSite);
        }
    }

    /**
     * One open run of the loop on its thread: a {@code runForever} or {@code runUntilComplete} call, or a
     * shutdown letting tasks finish. Inner runs are nested inside outer ones, on the same thread.
     *
     * @param label  what was called, e.g. {@code runUntilComplete(Task[save, pending])}
     * @param age    loop time since it began
     * @param done   true if what it waits for is done: it returns once the runs inside it have returned
     * @param heldBy when done, the run directly inside it that it waits for; else null
     */
    public record OpenRun(String label, Duration age, boolean done, String heldBy) {
    }

    /**
     * Returns the task with this name, if it is in the dump.
     *
     * @param name a task's name
     * @return its entry, or null
     */
    public TaskInfo task(String name) {
        for (TaskInfo t : tasks) if (t.name().equals(name)) return t;
        return null;
    }

    /**
     * Returns the readable text form: one block per task, then the cycles, the open runs and the unretrieved
     * failures.
     *
     * @return the text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Tasks of ").append(loop).append(" at ").append(takenAt).append(" (loop time ")
                .append(format(loopTime)).append("): ").append(tasks.size()).append(" live\n");
        if (!consistent) {
            sb.append("  NOT CONSISTENT: the loop's thread did not answer in time; read from another thread, "
                    + "without suspended stacks. The loop's thread is busy in:\n");
            appendFrames(sb, loopThreadStack, "    ", 40);
        }
        for (TaskInfo t : tasks) {
            sb.append("Task '").append(t.name()).append("' ").append(t.state().name().toLowerCase().replace('_', ' '))
                    .append(t.age() != null ? ", age " + format(t.age()) : "");
            if (t.cancelling() > 0) sb.append(", cancelling (").append(t.cancelling()).append(')');
            sb.append('\n');
            if (!t.awaits().isEmpty()) sb.append("  awaits ").append(String.join(" -> ", t.awaits())).append('\n');
            if (!t.awaitedTasks().isEmpty() && !t.awaits().get(0).startsWith("Task '")) {
                sb.append("  waits for tasks '").append(String.join("', '", t.awaitedTasks())).append("'\n");
            }
            if (!t.suspendedStack().isEmpty()) {
                sb.append("  suspended at\n");
                appendFrames(sb, t.suspendedStack(), "    ", Integer.MAX_VALUE);
            }
            if (!t.creationSite().isEmpty()) {
                sb.append("  created at\n");
                appendFrames(sb, t.creationSite(), "    ", Integer.MAX_VALUE);
            }
        }
        if (!cycles.isEmpty()) {
            sb.append("Await cycles (these tasks wait for each other and never end unless cancelled):\n");
            for (List<String> c : cycles) {
                sb.append("  ");
                for (String n : c) sb.append("Task '").append(n).append("' -> ");
                sb.append("Task '").append(c.get(0)).append("'\n");
            }
        }
        if (!openRuns.isEmpty()) {
            sb.append("Open runs of the loop, outermost first:\n");
            for (OpenRun r : openRuns) {
                sb.append("  ").append(r.label()).append(", open ").append(format(r.age()));
                if (r.done()) {
                    sb.append(", done, ").append(r.heldBy() != null ? "held up by " + r.heldBy()
                            : "returns when the nested event loop inside it returns");
                }
                sb.append('\n');
            }
        }
        if (!unretrievedFailures.isEmpty()) {
            sb.append("Failures nobody retrieved yet:\n");
            for (String f : unretrievedFailures) sb.append("  ").append(f).append('\n');
        }
        return sb.toString();
    }

    private static void appendFrames(StringBuilder sb, List<StackTraceElement> frames, String indent, int max) {
        int n = 0;
        for (StackTraceElement e : frames) {
            if (n++ == max) {
                sb.append(indent).append("... ").append(frames.size() - max).append(" more\n");
                return;
            }
            sb.append(indent).append(e).append('\n');
        }
    }

    private static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) return String.format(java.util.Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
        return String.format(java.util.Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }
}
