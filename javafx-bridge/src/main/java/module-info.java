/**
 * loopfx JavaFX bridge: the loopfx event loop driven by the JavaFX Application Thread.
 */
module io.loopfx.fx {
    requires transitive io.loopfx.core;
    requires transitive javafx.controls;

    exports io.loopfx.fx;
}
