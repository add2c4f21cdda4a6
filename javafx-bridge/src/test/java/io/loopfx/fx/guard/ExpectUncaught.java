package io.loopfx.fx.guard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a test (method, or every test of a class) makes {@code count} throwables of {@code type} reach an
 * uncaught-exception handler (the FX Application Thread's, or another thread's). {@link FxErrorGuard} consumes
 * them; fewer or more than {@code count} fail the test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(ExpectUncaught.List.class)
public @interface ExpectUncaught {
    /** @return the throwable's type (instances of subclasses match too) */
    Class<? extends Throwable> type();

    /** @return text the throwable's message must contain; empty: any message */
    String message() default "";

    /** @return how many times exactly */
    int count() default 1;

    /** The container of repeated {@link ExpectUncaught}s. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        /** @return the expectations */
        ExpectUncaught[] value();
    }
}
