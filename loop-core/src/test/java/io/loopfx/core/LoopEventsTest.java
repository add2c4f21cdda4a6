package io.loopfx.core;

import io.loopfx.core.internal.LoopEvents;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

/** Each Flight Recorder event of the loop is recorded, with its fields, in a test recording. */
class LoopEventsTest {
    private static final long SPIN_NANOS = 10_000_000;

    /** A callback that keeps the loop's thread for 10 ms (a spin on the clock, not a sleep) and sets a timer first. */
    private record Spinner(EventLoop loop) implements Runnable {
        @Override
        public void run() {
            loop.callLater(Duration.ofMillis(1), new Named("late-timer"));
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < SPIN_NANOS) Thread.onSpinWait();
        }

        @Override
        public String toString() {
            return "spinner";
        }
    }

    private record Named(String name) implements Runnable {
        @Override
        public void run() {
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void everyEventIsRecordedWithItsFields() throws Exception {
        assertFalse(LoopEvents.on, "no recording runs: the loop records nothing");
        List<RecordedEvent> events;
        try (Recording r = new Recording()) {
            r.enable("loopfx.Iteration").withThreshold(Duration.ZERO);
            r.enable("loopfx.SlowCallback").withThreshold(Duration.ofMillis(5));
            r.enable("loopfx.Run").withThreshold(Duration.ZERO);
            r.enable("loopfx.TaskLifecycle");
            r.enable("loopfx.TimerLateness");
            r.start();
            assertTrue(LoopEvents.on, "a recording runs");
            try (EventLoop loop = EventLoop.create()) {
                loop.runUntilComplete(loop.createTask("worker", () -> {
                    Task<Object> failing = loop.createTask("failing", () -> {
                        throw new IllegalStateException("planned failure");
                    });
                    assertThrows(IllegalStateException.class, () -> Async.await(failing));
                    Task<Object> sleeper = loop.createTask("sleeper", () -> {
                        Async.sleep(Duration.ofHours(1));
                        return null;
                    });
                    Async.yieldNow();
                    sleeper.cancel();
                    assertThrows(CancellationException.class, () -> Async.await(sleeper));
                    loop.callSoon(new Spinner(loop));
                    Async.sleep(Duration.ofMillis(20)); // past the spin and the late timer
                    return null;
                }));
            }
            r.stop();
            Path file = Files.createTempFile("loopfx-events", ".jfr");
            try {
                r.dump(file);
                events = RecordingFile.readAllEvents(file);
            } finally {
                Files.delete(file);
            }
        }
        assertFalse(LoopEvents.on, "the recording has ended");

        RecordedEvent iteration = first(events, "loopfx.Iteration");
        assertTrue(iteration.getString("loop").startsWith("CoreLoop@"), iteration.toString());
        assertTrue(events.stream().filter(e -> is(e, "loopfx.Iteration")).anyMatch(e -> e.getInt("callbacksRun") > 0
                && e.getInt("queueLength") >= e.getInt("callbacksRun")), "an iteration that ran callbacks");
        assertNotNull(iteration.getValue("timers"));

        RecordedEvent slow = events.stream().filter(e -> is(e, "loopfx.SlowCallback")
                && "Handle[spinner]".equals(e.getString("callback"))).findFirst().orElseThrow(() -> new AssertionError(events));
        assertTrue(slow.getDuration().toNanos() >= SPIN_NANOS, slow.toString());

        RecordedEvent run = first(events, "loopfx.Run");
        assertEquals(1, run.getInt("depth"));
        assertTrue(run.getString("call").startsWith("runUntilComplete(Task[worker"), run.toString());

        RecordedEvent late = events.stream().filter(e -> is(e, "loopfx.TimerLateness")
                && "late-timer".equals(e.getString("timer"))).findFirst().orElseThrow(() -> new AssertionError(events));
        assertTrue(late.getLong("lateness") >= LoopEvents.LATE_NANOS, late.toString());

        List<String> lifecycle = events.stream().filter(e -> is(e, "loopfx.TaskLifecycle"))
                .map(e -> e.getString("task") + " " + e.getString("transition")).toList();
        assertEquals(List.of("worker created", "failing created", "failing failed", "sleeper created",
                "sleeper cancelled", "worker done"), lifecycle);
        RecordedEvent failed = events.stream().filter(e -> is(e, "loopfx.TaskLifecycle")
                && "failed".equals(e.getString("transition"))).findFirst().orElseThrow();
        assertEquals("java.lang.IllegalStateException: planned failure", failed.getString("failure"));
    }

    private static boolean is(RecordedEvent e, String name) {
        return e.getEventType().getName().equals(name);
    }

    private static RecordedEvent first(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> is(e, name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " event among " + events.stream().map(e -> e.getEventType().getName()).toList()));
    }
}
