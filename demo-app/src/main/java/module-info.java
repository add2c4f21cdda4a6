/**
 * The loopfx demo application: a JavaFX desktop tool whose UI code is written as sequential loopfx tasks.
 * Its main class is {@link io.loopfx.demo.DemoApp}.
 */
module io.loopfx.demo {
    // transitive: the tabs' public constructors take loopfx, JavaFX and HttpClient types
    requires transitive io.loopfx.fx;
    requires io.loopfx.harness;        // the Nested loops tab runs the harness's catalogue
    requires transitive java.net.http; // the downloads tab's client
    requires jdk.httpserver;           // the downloads tab's local server

    exports io.loopfx.demo;
    exports io.loopfx.demo.downloads;
    exports io.loopfx.demo.search;
    exports io.loopfx.demo.work;
    exports io.loopfx.demo.dialogs;
    exports io.loopfx.demo.monitor;
    exports io.loopfx.demo.nested;
}
