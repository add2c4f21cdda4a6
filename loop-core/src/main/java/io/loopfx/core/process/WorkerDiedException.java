package io.loopfx.core.process;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * The worker process running a task died before it answered: it crashed, called {@code System.exit}, was
 * killed, or ran out of memory (workers start with {@code -XX:+ExitOnOutOfMemoryError}). Only the task that
 * was running in that worker fails; the pool replaces the worker and goes on with the others.
 *
 * <p>The message names the worker, its process id, its exit code and the last lines it wrote to its
 * standard error (where a crash is reported) and to its standard output (where the JVM reports
 * {@code Terminating due to java.lang.OutOfMemoryError}).
 */
public final class WorkerDiedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The worker's name. */
    private final String workerName;
    /** Its process id. */
    private final long pid;
    /** Its exit code, or -1 if it could not be read. */
    private final int exitCode;
    /** The last lines of its standard error (List.copyOf: a serializable list). */
    @SuppressWarnings("serial")
    private final List<String> stderrTail;
    /** The last lines of its standard output (List.copyOf: a serializable list). */
    @SuppressWarnings("serial")
    private final List<String> stdoutTail;

    /**
     * Creates the exception.
     *
     * @param workerName the worker's name, e.g. {@code process-pool-1/worker-2}
     * @param pid        its process id
     * @param exitCode   its exit code, or -1 if unknown
     * @param task       what it was running, for the message
     * @param stderrTail the last lines of its standard error, oldest first
     * @param stdoutTail the last lines of its standard output, oldest first (the JVM prints some fatal
     *                   messages there, such as {@code Terminating due to java.lang.OutOfMemoryError})
     * @throws NullPointerException if stderrTail or stdoutTail, or one of their lines, is null
     */
    public WorkerDiedException(String workerName, long pid, int exitCode, String task, List<String> stderrTail,
                               List<String> stdoutTail) {
        super(message(workerName, pid, exitCode, task, lines(stderrTail, "stderrTail"), lines(stdoutTail, "stdoutTail")));
        this.workerName = workerName;
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
        this.stdoutTail = List.copyOf(stdoutTail);
    }

    /** Checks a tail before the message quotes it (List.copyOf's NullPointerException has no message). */
    private static List<String> lines(List<String> tail, String name) {
        Objects.requireNonNull(tail, name + " is null: pass an empty list if the worker wrote nothing");
        for (String line : tail) Objects.requireNonNull(line, name + " has a null line");
        return tail;
    }

    private static String message(String worker, long pid, int exitCode, String task, List<String> tail,
                                  List<String> outTail) {
        StringBuilder sb = new StringBuilder("Worker ").append(worker).append(" (pid ").append(pid).append(") ")
                .append(exitCode == -1 ? "died (exit code unknown)" : "died with exit code " + exitCode)
                .append(" while running ").append(task).append("; the pool replaces it. ");
        if (tail.isEmpty()) {
            sb.append("It wrote nothing to its standard error.");
        } else {
            sb.append("Last lines of its standard error:");
            for (String line : tail) sb.append("\n  | ").append(line);
        }
        if (!outTail.isEmpty()) {
            sb.append("\nLast lines of its standard output:");
            for (String line : outTail) sb.append("\n  | ").append(line);
        }
        return sb.toString();
    }

    /**
     * Returns the name of the worker that died.
     *
     * @return e.g. {@code process-pool-1/worker-2}
     */
    public String workerName() {
        return workerName;
    }

    /**
     * Returns the process id the worker had.
     *
     * @return its pid
     */
    public long pid() {
        return pid;
    }

    /**
     * Returns the worker's exit code: what it passed to {@code System.exit}, 3 after an
     * {@code OutOfMemoryError}, 128 + the signal number when a signal killed it on Unix (137 for SIGKILL).
     *
     * @return the exit code, or -1 if it could not be read
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * Returns the last lines the worker wrote to its standard error.
     *
     * @return the lines, oldest first (at most {@value ProcessPoolExecutor#STDERR_TAIL_LINES})
     */
    public List<String> stderrTail() {
        return stderrTail;
    }

    /**
     * Returns the last lines the worker wrote to its standard output.
     *
     * @return the lines, oldest first (at most {@value ProcessPoolExecutor#STDOUT_TAIL_LINES})
     */
    public List<String> stdoutTail() {
        return stdoutTail;
    }
}
