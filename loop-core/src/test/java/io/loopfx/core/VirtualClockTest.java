package io.loopfx.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The virtual-clock loop: time jumps to the next timer when idle, exactly, and runs are reproducible. */
class VirtualClockTest {
    private static final long HOUR = Duration.ofHours(1).toNanos();

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // an hour of real time would fail here
    void anHourLongTimerRunsAtOnceAndTheClockAdvancesByExactlyOneHour() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            assertEquals(0, loop.time(), "the virtual clock starts at zero");
            long[] at = {-1};
            loop.callSoon(() -> {
                long scheduledAt = loop.time();
                loop.callLater(Duration.ofHours(1), () -> {
                    at[0] = loop.time() - scheduledAt;
                    loop.stop();
                });
            });
            loop.runForever();
            assertEquals(HOUR, at[0]);
            assertEquals(HOUR, loop.time());
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTaskSleepingAnHourWakesWithTheClockExactlyAnHourLater() throws Exception {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            long slept = loop.runUntilComplete(() -> {
                long t0 = EventLoop.current().time();
                Async.sleep(Duration.ofHours(1));
                return EventLoop.current().time() - t0;
            });
            assertEquals(HOUR, slept);
        }
    }

    @Test
    void theClockStandsStillWhileCallbacksAreReady() {
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            List<Long> times = new ArrayList<>();
            loop.callLater(Duration.ofSeconds(1), () -> times.add(loop.time()));
            Runnable[] link = new Runnable[1];
            int[] left = {1000};
            link[0] = () -> {
                times.add(loop.time());
                if (--left[0] > 0) loop.callSoon(link[0]);
                else loop.stop();
            };
            loop.callSoon(link[0]);
            loop.runForever();
            assertEquals(1000, times.size(), "the timer did not run while callbacks were ready");
            assertTrue(times.stream().allMatch(t -> t == 0));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withNoTimerTheVirtualLoopWaitsForAnotherThreadAndTheClockDoesNotMove() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.withVirtualClock())) {
            lt.awaitParked();
            CompletableFuture<Long> time = new CompletableFuture<>();
            lt.loop.callSoonThreadsafe(() -> time.complete(lt.loop.time()));
            assertEquals(0L, time.get(30, TimeUnit.SECONDS));
        }
    }

    /** A scenario mixing callbacks, timers with seeded random delays, cancellation and sleeping tasks. */
    private static List<String> traceOfScenario() throws Exception {
        List<String> trace = new ArrayList<>();
        try (EventLoop loop = EventLoop.withVirtualClock()) {
            Random rnd = new Random(7);
            for (int i = 0; i < 200; i++) {
                int k = i;
                TimerHandle h = loop.callLater(Duration.ofMillis(rnd.nextInt(1000)),
                        () -> trace.add(loop.time() + " timer " + k));
                if (rnd.nextInt(5) == 0) h.cancel();
                if (rnd.nextInt(7) == 0) loop.callSoon(() -> trace.add(loop.time() + " soon " + k));
            }
            loop.runUntilComplete(() -> {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < 20; t++) {
                    int id = t;
                    long step = 1 + rnd.nextInt(300);
                    tasks.add(EventLoop.current().createTask("worker-" + t, () -> {
                        for (int j = 0; j < 5; j++) {
                            Async.sleep(Duration.ofMillis(step));
                            trace.add(EventLoop.current().time() + " task " + id + " step " + j);
                        }
                        return null;
                    }));
                }
                for (Task<Void> t : tasks) Async.await(t);
                return null;
            });
            trace.add("end " + loop.time());
        }
        return trace;
    }

    @Test
    void twoRunsOfTheSameScenarioProduceTheSameTrace() throws Exception {
        List<String> first = traceOfScenario();
        List<String> second = traceOfScenario();
        assertTrue(first.size() > 250, "the scenario did something: " + first.size() + " events");
        assertEquals(first, second);
    }
}
