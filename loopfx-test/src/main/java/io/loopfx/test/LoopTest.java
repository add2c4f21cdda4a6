package io.loopfx.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test method that runs as a task on a fresh virtual-clock loop ({@link io.loopfx.core.EventLoop#withVirtualClock()}):
 * it may {@code await} and {@code sleep}, a sleep of hours ends at once in real time, and the loop's clock is exact.
 * A parameter of type {@link io.loopfx.core.EventLoop} receives the loop. The test fails, naming what it left
 * behind, if at its end tasks are still pending, a failed future or task was never looked at, or an error
 * reached the loop's exception handler (a failing callback, say). The loop is closed after the test.
 *
 * <pre>{@code
 * @LoopTest
 * void retriesAfterAMinute(EventLoop loop) throws Exception {
 *     long t0 = loop.time();
 *     Async.sleep(Duration.ofMinutes(1));
 *     assertEquals(Duration.ofMinutes(1), Duration.ofNanos(loop.time() - t0));
 * }
 * }</pre>
 *
 * <p>Timeouts: {@link #timeout()} is measured in the loop's (virtual) clock, {@link #realTimeout()} in real
 * time; either cancels the test's task and fails it with a task dump of the moment. A callback that never
 * returns cannot be cancelled; the real timeout then fails the test without waiting for it.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(LoopTestExtension.class)
public @interface LoopTest {
    /**
     * The most loop time the test may take, as an ISO-8601 duration ({@code "PT1H"}); empty for no limit (the
     * default). Beware: on a virtual clock this limit is a timer, and the clock jumps to it whenever nothing else
     * is due, also while the test awaits work of other threads (an executor, a {@code CompletableFuture}).
     *
     * @return the limit in loop time, or empty
     */
    String timeout() default "";

    /**
     * The most real time the test may take, as an ISO-8601 duration (default {@code "PT60S"}).
     *
     * @return the limit in real time
     */
    String realTimeout() default "PT60S";
}
