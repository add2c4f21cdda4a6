package io.loopfx.fx.harness;

import io.loopfx.fx.guard.FxErrorGuard;

/**
 * {@link HarnessMain} with {@link FxErrorGuard#installInChildJvm()}: a child JVM of {@link HarnessLoopfxGuardTest}
 * that prints a line for every exception that reaches an uncaught-exception handler or the loop's default
 * exception handler while its scenarios run.
 */
public final class GuardedHarnessChild {
    private GuardedHarnessChild() {
    }

    public static void main(String[] args) throws Exception {
        FxErrorGuard.installInChildJvm();
        HarnessMain.main(args);
    }
}
