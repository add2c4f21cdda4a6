package io.loopfx.core.internal;

/**
 * What a bridge knows about its toolkit's thread that the core does not: found with {@link java.util.ServiceLoader}
 * (the JavaFX bridge provides one), asked only when a method that needs a task's own code was called elsewhere, so
 * that the error can say what the caller's code is (an event handler) and name the bridge's fix.
 */
public interface NotInTaskHint {
    /**
     * Explains a call, outside a task's own code, of a method that needs one, if the calling thread is the bridge's.
     *
     * @param method the method called, e.g. {@code "sleep"} for {@code Async.sleep}
     * @return the whole error message, or null if the calling thread is not the bridge's
     */
    String notInTask(String method);
}
