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
 * loopfx's own build does), through TestFX's {@code FxToolkit.registerPrimaryStage()} when TestFX is on the
 * class path, so that TestFX tests later in the same JVM find the toolkit as they expect it. A parameter of type {@code FxEventLoop} or {@link io.loopfx.core.EventLoop}
 * receives the loop. The test fails, naming them, if tasks it started are still pending at its end, a failed
 * future was never looked at, or an error reached the loop's exception handler while it ran (the extension
 * replaces the FX loop's exception handler for the test's duration and resets it to the default afterwards).
 *
 * <p>By default the test runs on the FX loop of the toolkit, on the system clock: {@link #timeout()} and
 * {@link #realTimeout()} are both real time, and the loop stays running for the next test. With
 * {@link #virtualClock()} the test gets an FX loop of its own on a virtual clock instead, which
 * {@code FxEventLoop.get()} returns while the test runs:
 *
 * <pre>{@code
 * @FxLoopTest(virtualClock = true)
 * void theBannerHidesAfterAnHour(FxEventLoop loop) {
 *     long t0 = loop.time();
 *     Async.sleep(Duration.ofHours(1));            // ends at once in real time
 *     assertEquals(Duration.ofHours(1), Duration.ofNanos(loop.time() - t0));
 * }
 * }</pre>
 *
 * The test thread waits for the task.
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

    /**
     * Whether the FX loop's timers run on a virtual clock (default false: the system clock). When true, the
     * extension shuts the toolkit's FX loop down before the test (cancelling the tasks it still has, as
     * {@code FxEventLoop.shutdown()} does), makes a new FX loop on a virtual clock the FX loop for the test, and
     * shuts that down after it; the next {@code FxEventLoop.get()} makes a fresh one on the system clock. The
     * virtual clock starts at zero, stands still while callbacks run and, whenever the loop has no callback
     * ready, jumps to its next timer: a {@code sleep} of hours ends at once and {@code time()} is exact. It
     * jumps also while the test awaits work of other threads or a JavaFX event (a robot's click), as on
     * {@code @LoopTest}'s loop, so a timeout in loop time can fire first. Then {@link #timeout()} is virtual
     * time. Animations, {@code PauseTransition}s and the pulse still run on JavaFX's own real clock.
     *
     * @return true for an FX loop on a virtual clock
     */
    boolean virtualClock() default false;
}
