package io.loopfx.test;

import io.loopfx.core.Async;
import io.loopfx.core.Task;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The extension passes tests that clean up and fails, naming the leftovers, those that do not. */
class LoopTestExtensionTest {

    private static Events run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
    }

    /** The failures of the fixture's tests, which must all have failed. */
    private static List<Throwable> failures(Class<?> fixture, int expected) {
        Events events = run(fixture);
        assertEquals(0, events.succeeded().count(), "no test of " + fixture.getSimpleName() + " may pass");
        List<Throwable> out = events.failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()).toList();
        assertEquals(expected, out.size(), "failures of " + fixture.getSimpleName() + ": " + out);
        return out;
    }

    @Test
    void aTestThatCleansUpPasses() {
        Events events = run(Fixtures.Clean.class);
        assertEquals(2, events.succeeded().count(), () -> events.failed().stream().map(Object::toString).toList().toString());
        assertEquals(0, events.failed().count());
    }

    @Test
    void aTestThatLeaksATaskFailsNamingItWithADump() {
        Throwable t = failures(Fixtures.LeaksATask.class, 1).get(0);
        assertInstanceOf(AssertionError.class, t);
        assertTrue(t.getMessage().contains("1 task(s) still pending at the end of the test: 'forgotten-sleeper'"), t.getMessage());
        assertTrue(t.getMessage().contains("Task 'forgotten-sleeper' suspended"), "with the task dump: " + t.getMessage());
    }

    @Test
    void aFailureNobodyRetrievedFailsTheTest() {
        Throwable t = failures(Fixtures.LeavesAFailureUnretrieved.class, 1).get(0);
        assertTrue(t.getMessage().contains("1 failure(s) nobody retrieved: Future failed: java.io.IOException: disk gone"),
                t.getMessage());
    }

    @Test
    void aFailingCallbackFailsTheTest() {
        Throwable t = failures(Fixtures.FailingCallback.class, 1).get(0);
        assertTrue(t.getMessage().contains("1 error(s) reached the loop's exception handler"), t.getMessage());
        assertEquals("boom in a callback", t.getSuppressed()[0].getMessage());
    }

    @Test
    void theVirtualTimeoutCancelsTheTestAtThatLoopTime() {
        Throwable t = failures(Fixtures.VirtualTimeout.class, 1).get(0);
        assertTrue(t.getMessage().contains("ran longer than its limit of PT1M in the loop's clock"), t.getMessage());
        assertTrue(t.getMessage().contains("sleepsAnHourWithAMinuteAllowed"), "the dump shows where: " + t.getMessage());
    }

    @Test
    void theRealTimeoutCancelsATestThatWaitsForever() {
        Throwable t = failures(Fixtures.RealTimeout.class, 1).get(0);
        assertTrue(t.getMessage().contains("ran longer than its real-time limit of PT0.5S"), t.getMessage());
        assertTrue(t.getMessage().contains("awaitsWhatNeverCompletes"), "the dump shows where: " + t.getMessage());
    }

    @Test
    void aTimeoutThatIsNoDurationIsRefusedWithTheFormat() {
        Throwable t = failures(Fixtures.BadTimeout.class, 1).get(0);
        assertInstanceOf(IllegalArgumentException.class, t);
        assertTrue(t.getMessage().contains("\"PT30S\""), t.getMessage());
    }

    @Test
    void onTheFxLoopACleanTestPassesOnTheFxThread() {
        Events events = run(Fixtures.FxClean.class);
        assertEquals(1, events.succeeded().count(), () -> events.failed().stream().map(Object::toString).toList().toString());
    }

    @Test
    void onTheFxLoopATestThatLeaksATaskFails() {
        Throwable t = failures(Fixtures.FxLeaksATask.class, 1).get(0);
        assertTrue(t.getMessage().contains("1 task(s) still pending at the end of the test: 'fx-forgotten-sleeper'"),
                t.getMessage());
        assertTrue(t.getMessage().contains("FxEventLoop"), "the dump names the FX loop: " + t.getMessage());
    }

    /** Starts the toolkit unless it runs (as the extension does), for the tests that use the FX loop themselves. */
    private static void startToolkit() {
        try {
            Platform.startup(() -> {
            });
        } catch (IllegalStateException alreadyRunning) {
            // an earlier test started it
        }
        Platform.setImplicitExit(false);
    }

    @Test
    void onAVirtualClockFxLoopHoursOfSleepEndAtOnceAndTheUiSleepsOnTheSameClock() throws Exception {
        startToolkit();
        FxEventLoop before = FxEventLoop.get();
        CompletableFuture<Task<Void>> started = new CompletableFuture<>();
        Platform.runLater(() -> started.complete(before.createTask("left on the toolkit's loop", () -> {
            Async.await(new CompletableFuture<Void>());
            return null;
        })));
        Task<Void> pending = started.get(20, TimeUnit.SECONDS);

        Events events = run(Fixtures.FxVirtualClock.class);
        assertEquals(2, events.succeeded().count(), () -> events.failed().stream().map(Object::toString).toList().toString());

        // One FX loop at a time: the toolkit's was shut down for the test, the test's after it.
        FxEventLoop virtual = Fixtures.FxVirtualClock.lastLoop;
        assertNotSame(before, virtual);
        assertTrue(before.isShutDown(), "the toolkit's loop was shut down for the test");
        assertTrue(pending.isCancelled(), "its pending task was cancelled, as shutdown() does");
        assertTrue(virtual.isShutDown(), "the test's virtual loop was shut down after it");
        FxEventLoop after = FxEventLoop.get();
        assertNotSame(virtual, after, "the next get() makes a new loop");
        long a = System.nanoTime();
        long t = after.time();
        long b = System.nanoTime();
        assertTrue(a <= t && t <= b, "the FX loop after the test runs on the system clock: " + t + " not in [" + a + ", " + b + "]");
        assertEquals("ran", after.submit(() -> {
            Async.sleep(java.time.Duration.ofMillis(1));
            return "ran";
        }).get(20, TimeUnit.SECONDS), "and it runs tasks and timers");
    }

    @Test
    void onAVirtualClockFxLoopTheTimeoutIsInLoopTime() {
        Throwable t = failures(Fixtures.FxVirtualTimeout.class, 1).get(0);
        assertTrue(t.getMessage().contains("ran longer than its limit of PT1M in the loop's clock"), t.getMessage());
    }

    @Test
    void onAVirtualClockFxLoopATestThatLeaksATaskFails() {
        Throwable t = failures(Fixtures.FxVirtualLeaksATask.class, 1).get(0);
        assertTrue(t.getMessage().contains("1 task(s) still pending at the end of the test: 'fx-virtual-forgotten-sleeper'"),
                t.getMessage());
    }
}
