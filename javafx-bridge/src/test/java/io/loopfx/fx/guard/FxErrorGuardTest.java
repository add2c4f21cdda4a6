package io.loopfx.fx.guard;

import io.loopfx.core.ErrorContext;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.testfx.api.FxToolkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The guard itself: {@link Fixtures}' tests run through the Jupiter engine (EngineTestKit) with the guard
 * auto-detected, and must pass or fail as the rule says.
 */
class FxErrorGuardTest {
    private static volatile boolean inTestKit;

    /** The fixtures run only inside {@link #run}; surefire skips nested classes and this keeps IDEs from them. */
    static boolean inTestKit() {
        return inTestKit;
    }

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** Runs one fixture method with the guard auto-detected; returns its single test's result. */
    private static TestExecutionResult run(String method) {
        inTestKit = true;
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .selectors(selectMethod(Fixtures.class, method))
                    .execute();
        } finally {
            inTestKit = false;
        }
        List<Event> finished = results.testEvents().finished().list();
        assertEquals(1, finished.size(), "one fixture test ran: " + results.allEvents().list());
        List<Event> containerFailures = results.containerEvents().failed().list();
        assertEquals(List.of(), containerFailures, "the fixture class itself is clean");
        return finished.getFirst().getRequiredPayload(TestExecutionResult.class);
    }

    private static String failureOf(String method) {
        TestExecutionResult r = run(method);
        assertEquals(TestExecutionResult.Status.FAILED, r.getStatus(), method + " should fail: " + r);
        Throwable t = r.getThrowable().orElseThrow();
        assertInstanceOf(AssertionError.class, t);
        return t.getMessage();
    }

    private static void assertPasses(String method) {
        TestExecutionResult r = run(method);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, r.getStatus(),
                () -> method + " should pass: " + r.getThrowable().map(Throwable::getMessage).orElse(""));
    }

    @Test
    void anExceptionThrownOnTheFxThreadFailsTheTest() {
        String msg = failureOf("throwsOnTheFxThread");
        assertTrue(msg.contains("unexpected uncaught exception in thread \"JavaFX Application Thread\": "
                + "java.lang.RuntimeException: boom"), msg);
        assertTrue(msg.contains("stack of the first:") && msg.contains("Fixtures.lambda$throwsOnTheFxThread"), msg);
    }

    @Test
    void anExceptionThrownLateOnTheFxThreadStillFailsTheTest() {
        // posted by the test, which returns at once: the guard's round trip lets it land before judging
        String msg = failureOf("throwsOnTheFxThreadAfterTheTestReturned");
        assertTrue(msg.contains("java.lang.IllegalStateException: late"), msg);
    }

    @Test
    void anExceptionOnAnotherThreadFailsTheTest() {
        String msg = failureOf("throwsOnAnotherThread");
        assertTrue(msg.contains("uncaught exception in thread \"worker\": java.lang.IllegalArgumentException: off"), msg);
    }

    @Test
    void aReportToTheLoopsDefaultExceptionHandlerFailsTheTest() {
        String msg = failureOf("reportsToTheDefaultHandler");
        assertTrue(msg.contains("unexpected report to the loop's default exception handler in thread \"JavaFX "
                + "Application Thread\": reported on purpose | java.lang.RuntimeException: x"), msg);
    }

    @Test
    void aThrowingLoopCallbackFailsTheTest() {
        String msg = failureOf("aLoopCallbackThrows");
        assertTrue(msg.contains("Exception in callback") && msg.contains("java.lang.ArithmeticException: callback"), msg);
    }

    @Test
    void declaredExceptionsPass() {
        assertPasses("declaresWhatItThrows");
        assertPasses("declaresWhatItThrowsProgrammatically");
    }

    @Test
    void aDeclaredExceptionThatDidNotHappenFailsTheTest() {
        String msg = failureOf("declaresButDoesNotThrow");
        assertTrue(msg.contains("declared but did not happen: uncaught exception IllegalStateException containing "
                + "\"never\" x1 (@ExpectUncaught on declaresButDoesNotThrow())"), msg);
    }

    @Test
    void moreThanDeclaredFailsTheTest() {
        String msg = failureOf("throwsMoreThanDeclared");
        assertTrue(msg.contains("1 problem(s)") && msg.contains("unexpected uncaught exception") && msg.contains("twice"), msg);
    }

    @Test
    void aLoopHandlerOfTheTestsOwnIsNotGuarded() {
        assertPasses("installsItsOwnLoopHandler");
    }

    @Test
    void aGuardedChildJvmReportsWhatReachedItsHandlers() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        for (String p : new String[]{"glass.platform", "monocle.platform", "prism.order", "java.awt.headless"}) {
            if (System.getProperty(p) != null) cmd.add("-D" + p + "=" + System.getProperty(p));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GuardedChildFixture.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out;
        try (java.io.BufferedReader r = p.inputReader(java.nio.charset.StandardCharsets.UTF_8)) {
            out = r.lines().toList();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ended");
        List<String> reports = FxErrorGuard.childReports(out);
        assertEquals(2, reports.size(), String.join("\n", out));
        assertTrue(reports.get(0).startsWith("uncaught exception in thread \"JavaFX Application Thread\": "
                + "java.lang.IllegalStateException: child boom at "), reports.get(0));
        assertTrue(reports.get(1).startsWith("report to the loop's default exception handler in thread \"JavaFX "
                + "Application Thread\": child report | java.lang.RuntimeException: r"), reports.get(1));
        AssertionError e = assertThrows(AssertionError.class, () -> FxErrorGuard.assertNoChildReports("fixture", out));
        assertTrue(e.getMessage().contains("the child JVM reported 2 problem(s)"), e.getMessage());
    }

    /** Run only through {@link #run}: each method does what its name says. */
    @EnabledIf("io.loopfx.fx.guard.FxErrorGuardTest#inTestKit")
    static class Fixtures {
        private static void onFx(Runnable r) throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    r.run();
                } finally {
                    done.complete(null);
                }
            });
            done.get(20, TimeUnit.SECONDS);
        }

        @Test
        void throwsOnTheFxThread() throws Exception {
            onFx(() -> Platform.runLater(() -> {
                throw new RuntimeException("boom");
            }));
        }

        @Test
        void throwsOnTheFxThreadAfterTheTestReturned() {
            Platform.runLater(() -> Platform.runLater(() -> {
                throw new IllegalStateException("late");
            }));
        }

        @Test
        void throwsOnAnotherThread() throws Exception {
            Thread t = new Thread(() -> {
                throw new IllegalArgumentException("off");
            }, "worker");
            t.start();
            t.join();
        }

        @Test
        void reportsToTheDefaultHandler() throws Exception {
            onFx(() -> FxEventLoop.get().callExceptionHandler(
                    new ErrorContext("reported on purpose", new RuntimeException("x"), null, null)));
        }

        @Test
        void aLoopCallbackThrows() throws Exception {
            FxEventLoop loop = FxEventLoop.get();
            CompletableFuture<Void> after = new CompletableFuture<>();
            onFx(() -> {
                loop.callSoon(() -> {
                    throw new ArithmeticException("callback");
                });
                loop.callSoon(() -> after.complete(null));
            });
            after.get(20, TimeUnit.SECONDS);
        }

        @Test
        @ExpectUncaught(type = RuntimeException.class, message = "boom")
        @ExpectLoopError(type = RuntimeException.class, message = "reported on purpose")
        void declaresWhatItThrows() throws Exception {
            throwsOnTheFxThread();
            reportsToTheDefaultHandler();
        }

        @Test
        void declaresWhatItThrowsProgrammatically() throws Exception {
            FxErrorGuard.expectUncaught(IllegalArgumentException.class, "off", 1);
            FxErrorGuard.expectLoopError(ArithmeticException.class, "", 1);
            throwsOnAnotherThread();
            aLoopCallbackThrows();
        }

        @Test
        @ExpectUncaught(type = IllegalStateException.class, message = "never")
        void declaresButDoesNotThrow() {
        }

        @Test
        @ExpectUncaught(type = IllegalStateException.class)
        void throwsMoreThanDeclared() throws Exception {
            onFx(() -> Platform.runLater(() -> {
                throw new IllegalStateException("once");
            }));
            onFx(() -> Platform.runLater(() -> {
                throw new IllegalStateException("twice");
            }));
        }

        @Test
        void installsItsOwnLoopHandler() throws Exception {
            FxEventLoop loop = FxEventLoop.get();
            CompletableFuture<ErrorContext> got = new CompletableFuture<>();
            loop.setExceptionHandler((l, c) -> got.complete(c));
            try {
                onFx(() -> loop.callExceptionHandler(new ErrorContext("handled", new RuntimeException(), null, null)));
                assertEquals("handled", got.get(20, TimeUnit.SECONDS).message());
            } finally {
                loop.setExceptionHandler(null);
            }
        }
    }
}
