package io.loopfx.core.process;

import java.io.Serial;
import java.util.Objects;

/**
 * A task failed in a worker process with an exception that cannot be rebuilt in this JVM as its own type
 * (its class is not visible here, or has no constructor taking a message). The message is the remote
 * exception's {@code toString()}, the stack trace is the remote one (every frame marked with the worker's
 * name), and {@link #remoteClassName()} names the original type.
 */
public final class RemoteTaskException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The remote exception's class name. */
    private final String remoteClassName;

    /**
     * Creates the exception.
     *
     * @param remoteClassName the class name of the exception thrown in the worker
     * @param message         its message, or null
     * @throws NullPointerException if remoteClassName is null
     */
    public RemoteTaskException(String remoteClassName, String message) {
        super(message == null ? className(remoteClassName) : className(remoteClassName) + ": " + message);
        this.remoteClassName = remoteClassName;
    }

    private static String className(String remoteClassName) {
        return Objects.requireNonNull(remoteClassName, "remoteClassName is null: pass the remote exception's class name");
    }

    /**
     * Returns the class name of the exception thrown in the worker.
     *
     * @return a binary class name such as {@code com.example.ParseException}
     */
    public String remoteClassName() {
        return remoteClassName;
    }
}
