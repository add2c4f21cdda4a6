package io.loopfx.harness;

import javafx.application.Platform;

import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for {@link HarnessStrayErrorTest}: what {@code HarnessMain --child} does, with the throwing scenario of
 * that test (which is not in the catalogue): installs the recorders, starts the toolkit, runs the scenario against
 * loopfx, prints its result line and halts.
 */
public final class StrayErrorChild {
    private StrayErrorChild() {
    }

    public static void main(String[] args) throws Exception {
        try {
            ScenarioRunner.installStrayErrorRecorders();
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            Platform.setImplicitExit(false);
            ScenarioResult r = ScenarioRunner.runShared(HarnessStrayErrorTest.THROWING, Bridge.LOOPFX, HarnessRuns.WATCHDOG);
            System.out.println(ChildJvm.PREFIX + ChildJvm.encode(r));
        } catch (Throwable t) {
            t.printStackTrace(System.out);
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
