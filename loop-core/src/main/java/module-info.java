/**
 * loopfx core: an asyncio-style event loop, futures, tasks and coroutines for Java.
 *
 * <p>Start with {@link io.loopfx.core.EventLoop}. The coroutine engine uses
 * {@code jdk.internal.vm.Continuation}; on the module path run with
 * {@code --add-exports java.base/jdk.internal.vm=io.loopfx.core}.
 */
@SuppressWarnings("module") // the qualified export's target, io.loopfx.fx, is built after this module
module io.loopfx.core {
    requires transitive java.management; // LoopManagement names MBeans with javax.management.ObjectName
    requires jdk.jfr;                     // Flight Recorder events of the loop
    exports io.loopfx.core;
    exports io.loopfx.core.process;
    exports io.loopfx.core.spi;
    exports io.loopfx.core.sync;
    // Not API: the JavaFX bridge's timer thread waits with the same precise parker as the thread host.
    exports io.loopfx.core.internal to io.loopfx.fx, jdk.jfr; // jdk.jfr: the loop's Flight Recorder events
    // Not API: a bridge explains a wait called outside a task on its toolkit's thread (an event handler).
    uses io.loopfx.core.internal.NotInTaskHint;
}
