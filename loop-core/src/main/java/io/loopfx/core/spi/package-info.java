/**
 * The host SPI: how an environment (a plain thread, a virtual clock, the JavaFX Application Thread)
 * drives an {@link io.loopfx.core.BaseEventLoop}.
 */
package io.loopfx.core.spi;
