package io.loopfx.fx.guard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a test (method, or every test of a class) makes {@code count} reports reach the loop's default
 * exception handler (logged at ERROR under "io.loopfx"). {@link FxErrorGuard} consumes them; fewer or more than
 * {@code count} fail the test. A test that installs its own handler with {@code loop.setExceptionHandler} needs
 * no declaration: nothing reaches the default one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(ExpectLoopError.List.class)
public @interface ExpectLoopError {
    /** @return the logged exception's type; {@code Throwable.class} also matches a report without an exception */
    Class<? extends Throwable> type() default Throwable.class;

    /** @return text the log message or the exception's message must contain; empty: any */
    String message() default "";

    /** @return how many times exactly */
    int count() default 1;

    /** The container of repeated {@link ExpectLoopError}s. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        /** @return the expectations */
        ExpectLoopError[] value();
    }
}
