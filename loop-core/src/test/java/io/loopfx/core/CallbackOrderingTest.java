package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.*;

/** callSoon order, iterations, cancellation, and what happens when a callback throws. */
class CallbackOrderingTest {

    @Test
    void callSoonRunsCallbacksInTheOrderTheyWereScheduled() {
        try (EventLoop loop = EventLoop.create()) {
            List<Integer> ran = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int k = i;
                loop.callSoon(() -> ran.add(k));
            }
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(10_000, ran.size());
            for (int i = 0; i < ran.size(); i++) assertEquals(i, ran.get(i));
        }
    }

    @Test
    void aCallbackScheduledByACallbackRunsAfterEverythingAlreadyReady() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> ran = new ArrayList<>();
            loop.callSoon(() -> {
                ran.add("a");
                loop.callSoon(() -> {
                    ran.add("c (scheduled by a)");
                    loop.stop();
                });
            });
            loop.callSoon(() -> ran.add("b"));
            loop.runForever();
            assertEquals(List.of("a", "b", "c (scheduled by a)"), ran);
        }
    }

    @Test
    void aCancelledCallbackNeverRuns() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<String> ran = new ArrayList<>();
            Handle early = loop.callSoon(() -> ran.add("cancelled before the loop ran"));
            Handle[] later = new Handle[1];
            loop.callSoon(() -> {
                ran.add("canceller");
                later[0].cancel(); // already in this iteration's batch: must still be skipped
            });
            later[0] = loop.callSoon(() -> ran.add("cancelled in the same iteration"));
            loop.callSoon(() -> ran.add("kept"));
            early.cancel();
            assertTrue(early.isCancelled());
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("canceller", "kept"), ran);
            assertTrue(later[0].isCancelled());
        }
    }

    @Test
    void anExceptionInACallbackGoesToTheHandlerAndTheLoopGoesOn() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<ErrorContext> errors = new ArrayList<>();
            List<String> ran = new ArrayList<>();
            loop.setExceptionHandler((l, c) -> {
                assertSame(loop, l);
                errors.add(c);
            });
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            Handle failing = loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(() -> ran.add("same iteration"));
            loop.callSoon(() -> loop.callSoon(() -> {
                ran.add("next iteration");
                loop.stop();
            }));
            loop.runForever();
            assertEquals(List.of("same iteration", "next iteration"), ran);
            assertEquals(1, errors.size());
            assertSame(boom, errors.get(0).exception());
            assertSame(failing, errors.get(0).handle());
            assertFalse(errors.get(0).message().isBlank());
        }
    }

    @Test
    void aThrowingExceptionHandlerDoesNotKillTheLoopAndBothErrorsAreLogged() {
        try (LogCapture log = new LogCapture(); EventLoop loop = EventLoop.withVirtualClock()) {
            loop.setExceptionHandler((l, c) -> {
                throw new IllegalStateException("handler broke");
            });
            List<String> ran = new ArrayList<>();
            loop.callSoon(() -> {
                throw new IllegalArgumentException("callback broke");
            });
            loop.callSoon(() -> ran.add("after"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of("after"), ran);
            List<String> severe = log.messages(Level.SEVERE);
            assertTrue(severe.stream().anyMatch(m -> m.contains("handler broke")), String.valueOf(severe));
            assertTrue(severe.stream().anyMatch(m -> m.contains("callback broke")), String.valueOf(severe));
        }
    }

    @Test
    void theDefaultHandlerLogsAtErrorWithTheHandleDescription() {
        Runnable described = new Runnable() {
            @Override
            public void run() {
                throw new IllegalArgumentException("boom-42");
            }

            @Override
            public String toString() {
                return "the-failing-callback";
            }
        };
        try (LogCapture log = new LogCapture(); EventLoop loop = EventLoop.withVirtualClock()) {
            loop.callSoon(described);
            loop.callSoon(loop::stop);
            loop.runForever();
            List<String> severe = log.messages(Level.SEVERE); // System.Logger ERROR maps to JUL SEVERE
            assertEquals(1, severe.size(), String.valueOf(severe));
            assertTrue(severe.get(0).contains("the-failing-callback"), severe.get(0));
            assertTrue(severe.get(0).contains("boom-42"), severe.get(0));
        }
    }

    @Test
    void resettingTheHandlerToNullRestoresTheDefault() {
        try (LogCapture log = new LogCapture(); EventLoop loop = EventLoop.withVirtualClock()) {
            List<ErrorContext> custom = new ArrayList<>();
            loop.setExceptionHandler((l, c) -> custom.add(c));
            loop.setExceptionHandler(null);
            loop.callSoon(() -> {
                throw new IllegalArgumentException("to the log");
            });
            loop.callSoon(loop::stop);
            loop.runForever();
            assertTrue(custom.isEmpty());
            assertEquals(1, log.messages(Level.SEVERE).size());
        }
    }

    @Test
    void callSoonThreadsafeOnTheLoopThreadKeepsFifoOrderWithCallSoon() {
        try (EventLoop loop = EventLoop.create()) {
            java.util.List<String> order = new java.util.ArrayList<>();
            loop.callSoon(() -> {
                loop.callSoonThreadsafe(() -> order.add("threadsafe 1"));
                loop.callSoon(() -> order.add("soon 2"));
                loop.callSoonThreadsafe(() -> order.add("threadsafe 3"));
                loop.callSoon(loop::stop);
            });
            loop.runForever();
            assertEquals(java.util.List.of("threadsafe 1", "soon 2", "threadsafe 3"), order);
        }
    }
}
