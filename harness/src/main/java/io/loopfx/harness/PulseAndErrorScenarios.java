package io.loopfx.harness;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Scripts of the scenarios about errors, blocking waits and pulses (9, 10a, 10b, 12a, 12b). */
final class PulseAndErrorScenarios {
    private PulseAndErrorScenarios() {
    }

    /** 9: inside a nested call a callback throws and a task fails; the nested call must go on and return. */
    static void errorsInsideANestedLoop(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        List<String> reported = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, c) -> {
            reported.add(c.message());
            ctx.log("exception handler: " + c.message() + ": " + c.exception());
        });
        ctx.click("Run", () -> {
            LoopFuture<String> f = loop.createFuture();
            loop.callSoon(() -> {
                throw new IllegalStateException("callback boom");
            });
            Task<Void> failing = ctx.task("failing", () -> {
                Async.yieldNow();
                throw new IOException("task boom");
            });
            failing.addDoneCallback(t -> {
                ctx.log("task failed with " + t.exception());
                loop.callSoon(() -> f.setResult("the nested call survived"));
            });
            try {
                String v = ctx.runUntilComplete("f", f);
                ctx.finish(v + "; callback errors reported: " + reported.size());
            } finally {
                loop.setExceptionHandler(null);
            }
        });
    }

    /** 10a: a handler calls get() on a loop future that a later callback would complete. */
    static void blockingGet(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        ctx.click("Load", () -> {
            LoopFuture<String> f = loop.createFuture();
            loop.callSoon(() -> f.setResult("loaded"));
            ctx.log("handler: get() on the FX thread");
            ctx.finish(f.get());
        });
    }

    /** 10b: a handler calls join() on the CompletableFuture of a coroutine submitted to the loop. */
    static void blockingJoin(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        ctx.click("Load", () -> {
            CompletableFuture<String> cf = loop.submit(() -> {
                Async.yieldNow();
                return "loaded";
            });
            ctx.log("handler: join() on the FX thread");
            ctx.finish(cf.join());
        });
    }

    /** Pulse code (12a, 12b): runUntilComplete on a future that a callback would complete at once. */
    private static void runUntilCompleteFromThePulse(ScenarioContext ctx, String where) {
        ctx.log(where + " (in the pulse): runUntilComplete");
        LoopFuture<String> f = ctx.loop.createFuture();
        ctx.loop.callSoon(() -> f.setResult("done"));
        try {
            ctx.finish(ctx.runUntilComplete("in the pulse", f));
        } catch (Throwable t) {
            ctx.fail(t);
        }
    }

    /** 12a: an AnimationTimer (it runs in the pulse) calls runUntilComplete. */
    static void inAnAnimationTimer(ScenarioContext ctx) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                runUntilCompleteFromThePulse(ctx, "AnimationTimer.handle");
            }
        }.start();
    }

    /** 12b: a region's layoutChildren (layout runs in the pulse) calls runUntilComplete. */
    static void inLayout(ScenarioContext ctx) {
        boolean[] armed = {false}; // not the layout that show() itself does, the next one: in a pulse
        Region region = new Region() {
            @Override
            protected void layoutChildren() {
                super.layoutChildren();
                if (!armed[0]) return;
                armed[0] = false;
                runUntilCompleteFromThePulse(ctx, "layoutChildren");
            }
        };
        Stage stage = ctx.dialog("Layout", null);
        stage.setScene(new Scene(region, 200, 100));
        stage.show();
        armed[0] = true;
        region.requestLayout();
    }
}
