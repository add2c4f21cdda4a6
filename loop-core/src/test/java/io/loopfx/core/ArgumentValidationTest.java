package io.loopfx.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Null arguments are refused with a NullPointerException that names the argument. */
class ArgumentValidationTest {

    @Test
    void nullArgumentsAreNamed() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Runnable noop = () -> { };
            Map<String, Executable> calls = Map.of(
                    "callSoon(null)", () -> loop.callSoon(null),
                    "callSoonThreadsafe(null)", () -> loop.callSoonThreadsafe(null),
                    "execute(null)", () -> loop.execute(null),
                    "callLater(d, null)", () -> loop.callLater(Duration.ofSeconds(1), null),
                    "callAt(t, null)", () -> loop.callAt(0, null),
                    "callLater(null, r)", () -> loop.callLater(null, noop),
                    "setSlowCallbackThreshold(null)", () -> loop.setSlowCallbackThreshold(null));
            Map<String, String> expectedName = Map.of(
                    "callLater(null, r)", "delay",
                    "setSlowCallbackThreshold(null)", "threshold");
            calls.forEach((what, call) -> {
                NullPointerException e = assertThrows(NullPointerException.class, call, what);
                assertEquals(expectedName.getOrDefault(what, "callback"), e.getMessage(), what);
            });
            assertEquals(0, ((CoreLoop) loop).timerHeapSize(), "nothing was scheduled by the failed calls");
            assertEquals(0, loop.stats().readyCallbacks());
        }
    }
}
