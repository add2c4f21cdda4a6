package io.loopfx.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test method that runs as a task of the JavaFX loop ({@code FxEventLoop.get()}), on the JavaFX Application
 * Thread: it may touch the scene graph, {@code await}, and show dialogs. The toolkit is started if it is not
 * running (headless with Monocle when {@code -Dglass.platform=Monocle -Dmonocle.platform=Headless} is set, as
 * loopfx's own build does). A parameter of type {@code FxEventLoop} or {@link io.loopfx.core.EventLoop}
 * receives the loop. The test fails, naming them, if tasks it started are still pending at its end, a failed
 * future was never looked at, or an error reached the loop's exception handler while it ran (the extension
 * replaces the FX loop's exception handler for the test's duration and resets it to the default afterwards).
 *
 * <p>The FX loop runs on the system clock: {@link #timeout()} and {@link #realTimeout()} are both real time.
 * The test thread waits for the task; the loop stays running for the next test.
 *
 * <p>Needs the {@code javafx-bridge} artifact (and JavaFX) on the test class path.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(FxLoopTestExtension.class)
public @interface FxLoopTest {
    /**
     * The most loop time the test may take, as an ISO-8601 duration; empty for no limit (the default).
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
