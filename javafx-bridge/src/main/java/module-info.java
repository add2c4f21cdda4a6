/**
 * loopfx JavaFX bridge: the loopfx event loop driven by the JavaFX Application Thread.
 */
@SuppressWarnings("module") // the qualified export's target, io.loopfx.test, is built after this module
module io.loopfx.fx {
    requires transitive io.loopfx.core;
    requires transitive javafx.controls;

    requires jdk.jfr;

    exports io.loopfx.fx;

    // Not API: explains Async.await/sleep in a plain event handler and names FxAsync.handler (see loop-core's Async).
    provides io.loopfx.core.internal.NotInTaskHint with io.loopfx.fx.internal.FxNotInTaskHint;
    // Not API: the Flight Recorder event of a held-up nested call; the FX loop on a virtual clock for loopfx-test.
    exports io.loopfx.fx.internal to jdk.jfr, io.loopfx.test;
}
