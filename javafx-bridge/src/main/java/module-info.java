/**
 * loopfx JavaFX bridge: the loopfx event loop driven by the JavaFX Application Thread.
 */
module io.loopfx.fx {
    requires transitive io.loopfx.core;
    requires transitive javafx.controls;
    requires java.logging; // the harness records SEVERE reports of the "io.loopfx" loggers

    exports io.loopfx.fx;
    exports io.loopfx.fx.harness;
}
