/** The loopfx demo application. */
module io.loopfx.demo {
    requires io.loopfx.fx;

    exports io.loopfx.demo;
}
