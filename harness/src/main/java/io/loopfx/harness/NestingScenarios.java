package io.loopfx.harness;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.core.LoopFuture;
import io.loopfx.core.Task;
import io.loopfx.core.sync.AsyncLock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scripts of the scenarios about nested {@code runUntilComplete} calls themselves (1, 2, 3, 4, 7, 12c). */
final class NestingScenarios {
    /** How deep scenario 12c nests: beyond loopfx's cap (100) and JavaFX 25's (200). */
    static final int DEEP = 210;

    private NestingScenarios() {
    }

    /** A task that ticks every millisecond until cancelled; on its third tick it completes {@code f}. */
    static Task<Void> ticker(ScenarioContext ctx, LoopFuture<String> f) {
        return ctx.task("ticker", () -> {
            for (int tick = 1; ; tick++) {
                Async.sleep(Duration.ofMillis(1));
                if (tick == 3 && !f.isDone()) {
                    ctx.log("ticker: third tick completes the future");
                    f.setResult("done after 3 ticks");
                }
            }
        });
    }

    /** 1: the application's main loop is runForever() (as Quamash apps run it); a handler blocks in it. */
    static void handlerWhileTasksRun(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        LoopFuture<String> f = loop.createFuture();
        String[] got = new String[1];
        ticker(ctx, f);
        ctx.click("Save", () -> {
            got[0] = ctx.runUntilComplete("save", f);
            ctx.log("handler: quit the application's main loop: stop()");
            loop.stop();
        });
        ctx.log("application main loop: runForever()");
        loop.runForever();
        ctx.log("runForever() returned");
        ctx.finish(got[0]);
    }

    /** 2: a task holds a lock and blocks in runUntilComplete on a writer that needs the lock. */
    static void insideATask(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        AsyncLock lock = new AsyncLock();
        Task<String> saver = ctx.task("saver", () -> {
            lock.acquire();
            try {
                Task<String> writer = ctx.task("writer", () -> lock.withLock(() -> "written"));
                ctx.log("saver: holds the lock, blocks until the writer is done");
                return ctx.runUntilComplete("writer", writer);
            } finally {
                lock.release();
            }
        });
        saver.addDoneCallback(t -> {
            if (t.exception() != null) ctx.fail(t.exception());
            else ctx.finish(t.result());
        });
    }

    /** 3: two handlers block one inside the other; the outer future completes first. */
    static void outOfOrder(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        LoopFuture<String> outer = loop.createFuture();
        LoopFuture<String> inner = loop.createFuture();
        String[] got = new String[2];
        ctx.click("Open", () -> {
            ctx.click("Open again", () -> {
                loop.callSoon(() -> {
                    ctx.log("both calls open: complete the outer future first");
                    outer.setResult("one");
                    ctx.later("then the inner one", () -> inner.setResult("two"));
                });
                try {
                    got[1] = ctx.runUntilComplete("inner", inner);
                } catch (Exception e) {
                    got[1] = ScenarioContext.describe(e);
                }
            });
            got[0] = ctx.runUntilComplete("outer", outer);
            ctx.finish("inner=" + got[1] + ", outer=" + got[0]);
        });
    }

    /**
     * 4: a callback ends the first call's future and, at once, the next callback enters a new call (the shape of
     * JDK-8285893); then three calls one after another in the handler.
     */
    static void backToBack(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        LoopFuture<String> first = loop.createFuture();
        String[] second = new String[1];
        ctx.click("Run", () -> {
            loop.callSoon(() -> {
                first.setResult("a");
                loop.callSoon(() -> {
                    LoopFuture<String> next = loop.createFuture();
                    loop.callSoon(() -> next.setResult("b"));
                    try {
                        second[0] = ctx.runUntilComplete("second, entered as the first is left", next);
                    } catch (Exception e) {
                        second[0] = ScenarioContext.describe(e);
                    }
                });
            });
            String a = ctx.runUntilComplete("first", first);
            List<String> seq = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LoopFuture<String> f = loop.createFuture();
                String v = String.valueOf(i);
                loop.callSoon(() -> f.setResult(v));
                seq.add(ctx.runUntilComplete("sequential " + i, f));
            }
            LoopFuture<Void> settle = loop.createFuture(); // lets the second call finish if it is still open
            loop.callSoon(() -> settle.setResult(null));
            ctx.runUntilComplete("settle", settle);
            ctx.finish("first=" + a + ", second=" + second[0] + ", then " + String.join(",", seq));
        });
    }

    /** 7: stop() is called while a handler blocks in runUntilComplete on a save task. */
    static void stopWhileNested(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        LoopFuture<Void> step = loop.createFuture();
        Task<String> save = ctx.task("save", () -> {
            Async.await(step);
            return "saved";
        });
        ctx.click("Save", () -> {
            loop.callSoon(() -> {
                ctx.log("stop() while runUntilComplete(save) is open");
                loop.stop();
                ctx.later("let the save finish", () -> step.setResult(null));
            });
            ctx.finish(ctx.runUntilComplete("save", save));
        });
    }

    /** 12c: each call opens the next from a callback, DEEP deep; then every future completes. */
    static void beyondTheCap(ScenarioContext ctx) {
        EventLoop loop = ctx.loop;
        List<LoopFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < DEEP; i++) futures.add(loop.createFuture());
        Throwable[] refused = new Throwable[1];
        int[] deepest = {0};
        class Nest {
            void open(int depth) {
                if (depth == DEEP) {
                    completeAll();
                    return;
                }
                loop.callSoon(() -> {
                    try {
                        deepest[0] = depth + 1;
                        open(depth + 1);
                        ctx.runUntilComplete("depth " + (depth + 1), futures.get(depth));
                    } catch (Throwable t) {
                        if (refused[0] == null) {
                            refused[0] = t;
                            ctx.log("call at depth " + (depth + 1) + " threw " + ScenarioContext.describe(t));
                            completeAll();
                        }
                    }
                });
            }

            void completeAll() {
                loop.callSoon(() -> {
                    for (LoopFuture<Integer> f : futures) if (!f.isDone()) f.setResult(0);
                });
            }
        }
        ctx.click("Nest", () -> {
            new Nest().open(0);
            LoopFuture<Void> allDone = loop.createFuture();
            loop.callSoon(() -> futures.getLast().addDoneCallback(x -> allDone.setResult(null)));
            ctx.runUntilComplete("outermost", allDone);
            if (refused[0] != null) ctx.fail(refused[0]);
            else ctx.finish("all " + deepest[0] + " nested calls returned");
        });
    }
}
