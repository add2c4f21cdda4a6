/**
 * The host SPI: how an environment (a plain thread, the JavaFX Application Thread, another toolkit's UI
 * thread) drives an event loop. A {@link io.loopfx.core.spi.Host} supplies the thread and "run soon", a
 * {@link io.loopfx.core.spi.LoopClock} the time, and an optional {@link io.loopfx.core.spi.NestingGuard}
 * what the loop must know about the host's nested event loops.
 */
package io.loopfx.core.spi;
