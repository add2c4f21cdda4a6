package io.loopfx.test;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.core.TaskGroup;
import io.loopfx.fx.FxAsync;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test classes that the extension's tests run through the Jupiter engine (EngineTestKit) to see how they end.
 * Not run by surefire directly (the name does not end in Test), so the failing ones fail only where expected.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Sleeps {@code time} while a child task sleeps half an hour: the loop's time is exact, the child is done. */
    private static void sleepWithAChild(EventLoop loop, Duration time) throws Exception {
        long t0 = loop.time();
        Task<String> child = loop.createTask("child", () -> {
            Async.sleep(Duration.ofMinutes(30));
            return "child done";
        });
        Async.sleep(time);
        assertEquals(time, Duration.ofNanos(loop.time() - t0));
        assertEquals("child done", Async.await(child));
    }

    static final class Clean {
        @LoopTest
        void anHourOfSleepEndsAtOnceAndTimeIsExact(EventLoop loop) throws Exception {
            sleepWithAChild(loop, Duration.ofHours(1));
        }

        @LoopTest
        void aTaskGroupCleansUpByItself() throws Exception {
            TaskGroup.run(g -> {
                g.createTask(() -> {
                    Async.sleep(Duration.ofDays(1));
                    return null;
                });
                return null;
            });
        }
    }

    static final class LeaksATask {
        @LoopTest
        void startsASleeperAndForgetsIt(EventLoop loop) {
            loop.createTask("forgotten-sleeper", () -> {
                Async.sleep(Duration.ofMinutes(1));
                return null;
            });
        }
    }

    static final class LeavesAFailureUnretrieved {
        @LoopTest
        void nobodyLooksAtTheFailure(EventLoop loop) {
            LoopFuture<String> f = loop.createFuture();
            f.setException(new java.io.IOException("disk gone"));
        }
    }

    static final class FailingCallback {
        @LoopTest
        void aCallbackThrows(EventLoop loop) {
            loop.callSoon(() -> {
                throw new IllegalStateException("boom in a callback");
            });
            Async.yieldNow();
        }
    }

    static final class VirtualTimeout {
        @LoopTest(timeout = "PT1M")
        void sleepsAnHourWithAMinuteAllowed() {
            Async.sleep(Duration.ofHours(1));
        }
    }

    static final class RealTimeout {
        @LoopTest(realTimeout = "PT0.5S")
        void awaitsWhatNeverCompletes() throws Exception {
            Async.await(new CompletableFuture<String>());
        }
    }

    static final class BadTimeout {
        @LoopTest(timeout = "one hour")
        void neverRuns() {
        }
    }

    static final class FxClean {
        @FxLoopTest
        void runsOnTheFxThreadAndAwaits(FxEventLoop loop) throws Exception {
            assertTrue(Platform.isFxApplicationThread());
            Task<String> t = loop.createTask(() -> {
                Async.sleep(Duration.ofMillis(5));
                return "awaited";
            });
            assertEquals("awaited", Async.await(t));
            assertTrue(Platform.isFxApplicationThread(), "still on the FX thread after the await");
        }
    }

    static final class FxLeaksATask {
        @FxLoopTest
        void startsASleeperAndForgetsIt(FxEventLoop loop) {
            loop.createTask("fx-forgotten-sleeper", () -> {
                Async.sleep(Duration.ofMinutes(1));
                return null;
            });
        }
    }

    static final class FxVirtualClock {
        /** The loop the last test ran on, for the test that looks at it afterwards. */
        static volatile FxEventLoop lastLoop;

        @FxLoopTest(virtualClock = true, realTimeout = "PT20S")
        void hoursOfSleepOnTheFxThreadEndAtOnceAndTimeIsExact(FxEventLoop loop) throws Exception {
            lastLoop = loop;
            assertSame(loop, FxEventLoop.get(), "the virtual loop is the FX loop while the test runs");
            sleepWithAChild(loop, Duration.ofHours(3));
            assertTrue(Platform.isFxApplicationThread(), "still on the FX thread after the sleep");
        }

        @FxLoopTest(virtualClock = true, realTimeout = "PT20S")
        void anEventHandlerOfTheUiSleepsOnTheSameClock(FxEventLoop loop) {
            lastLoop = loop;
            Label status = new Label("idle");
            Button retry = new Button("retry");
            // The handler's task is created by FxAsync on FxEventLoop.get(): the test's virtual loop.
            retry.setOnAction(FxAsync.handler((ActionEvent e) -> {
                status.setText("waiting");
                Async.sleep(Duration.ofMinutes(10));
                status.setText("retried");
            }));
            long t0 = loop.time();
            retry.fire();
            Async.yieldNow(); // the handler's task takes its first step
            assertEquals("waiting", status.getText());
            Async.sleep(Duration.ofMinutes(10)); // the handler's timer has the same deadline and was set first
            assertEquals("retried", status.getText());
            assertEquals(Duration.ofMinutes(10), Duration.ofNanos(loop.time() - t0));
        }
    }

    static final class FxVirtualTimeout {
        @FxLoopTest(virtualClock = true, timeout = "PT1M")
        void sleepsAnHourWithAMinuteAllowed() {
            Async.sleep(Duration.ofHours(1));
        }
    }

    static final class FxVirtualLeaksATask {
        @FxLoopTest(virtualClock = true)
        void startsASleeperAndForgetsIt(FxEventLoop loop) {
            loop.createTask("fx-virtual-forgotten-sleeper", () -> {
                Async.sleep(Duration.ofDays(1));
                return null;
            });
        }
    }
}
