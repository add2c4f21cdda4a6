package io.loopfx.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A random program for {@link FxNestedLoopFuzzTest}: a tree of operations on the FX loop, run from an event handler
 * ({@code Platform.runLater}). Operations that schedule code (callbacks, timers, tasks, handlers) hold the operations
 * that code runs; operations that block in a nested loop ({@code runUntilComplete}, {@code runForever},
 * {@code showAndWait}) hold the operations that run before they block (the work that will run inside). Every nested
 * loop gets something that ends it (a timer completes the future, stops {@code runForever}, closes the dialog), so a
 * program that does not end is a defect. Generated from a seed; {@link #shrinkCandidates} lists simpler variants.
 */
final class FxFuzzProgram {
    /**
     * Where an operation runs: a loop callback (or timer), a plain event handler, a task's own code, or an
     * {@code AnimationTimer} during a pulse (where JavaFX forbids nested loops).
     */
    enum Ctx { CALLBACK, HANDLER, TASK, PULSE }

    /** How a future is completed by its timer. */
    enum Outcome { VALUE, ERROR, CANCEL }

    /** One operation. {@code id} names what it creates (callback, task, future, dialog); 0 if nothing. */
    sealed interface Op {
        /** The operations it contains (run later, or before it blocks), or an empty list. */
        default List<Op> body() {
            return List.of();
        }

        /** The same operation with other contents. */
        default Op withBody(List<Op> body) {
            return this;
        }

        /** The same operation without delay (for shrinking), or itself. */
        default Op withoutDelay() {
            return this;
        }
    }

    /** How a {@link Run} runs its body. */
    enum How {
        /** {@code callSoon(body)}. */
        CALL_SOON,
        /** {@code callSoonThreadsafe(body)} from a helper thread. */
        THREADSAFE,
        /** {@code Platform.runLater(body)}: the body runs as a plain event handler. */
        HANDLER,
        /** An {@code AnimationTimer} that runs the body in the next pulse, once. */
        PULSE,
        /** Another thread calls {@code runUntilComplete(body)} and blocks until the task it starts has ended. */
        OFF_THREAD
    }

    /** Runs {@code body} later, the way {@code how} says. */
    record Run(How how, int id, List<Op> body) implements Op {
        public Op withBody(List<Op> b) {
            return new Run(how, id, b);
        }
    }

    /** {@code callLater(ms, body)}. */
    record CallLater(int id, int ms, List<Op> body) implements Op {
        public Op withBody(List<Op> b) {
            return new CallLater(id, ms, b);
        }

        public Op withoutDelay() {
            return ms == 0 ? this : new CallLater(id, 0, body);
        }
    }

    /** A task with {@code body} as its code: {@code createTask}, or an {@code FxAsync.handler} fired. */
    record Spawn(int id, boolean viaHandler, List<Op> body) implements Op {
        public Op withBody(List<Op> b) {
            return new Spawn(id, viaHandler, b);
        }
    }

    /** Cancels what {@code target} created, if it exists yet; from the helper thread if {@code fromHelper}. */
    record Cancel(int target, boolean fromHelper) implements Op {
    }

    /** {@code loop.stop()}; from the helper thread if {@code fromHelper}. */
    record Stop(boolean fromHelper) implements Op {
    }

    /** Callback or handler: {@code runUntilComplete(f)}, f completed by a timer after {@code ms}. */
    record RunUntil(int id, int ms, Outcome outcome, List<Op> body) implements Op {
        public Op withBody(List<Op> b) {
            return new RunUntil(id, ms, outcome, b);
        }

        public Op withoutDelay() {
            return ms == 0 ? this : new RunUntil(id, 0, outcome, body);
        }
    }

    /** Callback or handler: {@code runForever()}, stopped by a timer after {@code ms}. */
    record RunForever(int id, int ms, List<Op> body) implements Op {
        public Op withBody(List<Op> b) {
            return new RunForever(id, ms, b);
        }

        public Op withoutDelay() {
            return ms == 0 ? this : new RunForever(id, 0, body);
        }
    }

    /** {@code dialog.showAndWait()}, the dialog closed by a timer after {@code ms}. */
    record ShowAndWait(int id, int ms, List<Op> body) implements Op {
        public Op withBody(List<Op> b) {
            return new ShowAndWait(id, ms, b);
        }

        public Op withoutDelay() {
            return ms == 0 ? this : new ShowAndWait(id, 0, body);
        }
    }

    /** {@code FxAsync.showAsync(dialog)}, awaited in a task, the dialog closed by a timer after {@code ms}. */
    record ShowAsync(int id, int ms) implements Op {
        public Op withoutDelay() {
            return ms == 0 ? this : new ShowAsync(id, 0);
        }
    }

    /**
     * A call that must be refused: in a task, a nested run ({@code variant} 0 to 2 picks one); in a pulse, a nested
     * run or showAndWait (3 to 5); elsewhere, EventLoop.run.
     */
    record Refused(int variant) implements Op {
    }

    /** Throws: a callback's failure is reported, a task fails. Last in a callback's or task's body only. */
    record Throw() implements Op {
    }

    /** Task: {@code Async.sleep(ms)}; 0: {@code yieldNow()}. */
    record Sleep(int ms) implements Op {
        public Op withoutDelay() {
            return ms == 0 ? this : new Sleep(0);
        }
    }

    /** Task: awaits a future that a timer completes after {@code ms}. */
    record Await(int id, int ms, Outcome outcome) implements Op {
        public Op withoutDelay() {
            return ms == 0 ? this : new Await(id, 0, outcome);
        }
    }

    /** Task: starts {@code child} with createTask and awaits it. */
    record AwaitTask(Spawn child) implements Op {
        public List<Op> body() {
            return List.of(child);
        }

        public Op withBody(List<Op> b) {
            return b.size() == 1 && b.getFirst() instanceof Spawn s && !s.viaHandler() ? new AwaitTask(s) : this;
        }
    }

    private FxFuzzProgram() {
    }

    // ------------------------------------------------------------------ generating

    /** Generates the program of {@code seed}: the operations of the first event handler. */
    static List<Op> generate(long seed) {
        Random r = new Random(seed);
        return new Gen(r).body(Ctx.HANDLER, 0, 1 + r.nextInt(4));
    }

    private static final class Gen {
        final Random r;
        int nextId = 1;
        int budget;
        int dialogs;
        int frames;
        final List<Integer> targets = new ArrayList<>();

        Gen(Random r) {
            this.r = r;
            budget = 6 + r.nextInt(26);
        }

        List<Op> body(Ctx ctx, int depth, int n) {
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < n && budget > 0; i++) ops.add(op(ctx, depth));
            if ((ctx == Ctx.CALLBACK || ctx == Ctx.TASK) && r.nextInt(7) == 0) ops.add(new Throw());
            return ops;
        }

        /** A body run before a nested loop is entered: the same context, never a throw. */
        List<Op> setup(Ctx ctx, int depth) {
            List<Op> ops = new ArrayList<>();
            int n = r.nextInt(3);
            for (int i = 0; i < n && budget > 0; i++) ops.add(op(ctx, depth + 1));
            return ops;
        }

        int delay() {
            return r.nextInt(4) == 0 ? 0 : r.nextInt(7);
        }

        int id() {
            int id = nextId++;
            targets.add(id);
            return id;
        }

        Outcome outcome() {
            int k = r.nextInt(10);
            return k < 6 ? Outcome.VALUE : k < 8 ? Outcome.ERROR : Outcome.CANCEL;
        }

        Op op(Ctx ctx, int depth) {
            budget--;
            int n = depth >= 3 ? 0 : 1 + r.nextInt(3); // the size of a nested body
            boolean task = ctx == Ctx.TASK, pulse = ctx == Ctx.PULSE;
            while (true) {
                int k = r.nextInt(task ? 140 : 110);
                if (k < 13) return new Run(How.CALL_SOON, id(), body(Ctx.CALLBACK, depth + 1, n));
                if (k < 26) return new CallLater(id(), delay(), body(Ctx.CALLBACK, depth + 1, n));
                if (k < 31) return new Run(How.THREADSAFE, id(), body(Ctx.CALLBACK, depth + 1, n));
                if (k < 37) return new Run(How.HANDLER, id(), body(Ctx.HANDLER, depth + 1, n));
                if (k < 48) return new Spawn(id(), r.nextInt(4) == 0, body(Ctx.TASK, depth + 1, 1 + n));
                if (k < 58 && !targets.isEmpty()) {
                    return new Cancel(targets.get(r.nextInt(targets.size())), r.nextInt(4) == 0);
                }
                if (k < 61) return new Stop(r.nextInt(3) == 0);
                if (k < 64) return new Refused(pulse ? 3 + r.nextInt(3) : r.nextInt(3));
                if (pulse && k < 90) continue; // no nested loops, dialogs or throws in a pulse: Refused covers them
                if (k < 74 && !task && frames < 6) {
                    frames++;
                    return new RunUntil(id(), delay(), outcome(), setup(ctx, depth));
                }
                if (k < 79 && !task && frames < 6) {
                    frames++;
                    return new RunForever(id(), delay(), setup(ctx, depth));
                }
                if (k < 86 && dialogs < 3 && frames < 6) {
                    dialogs++;
                    frames++;
                    return new ShowAndWait(id(), delay(), setup(ctx, depth));
                }
                if (k < 90 && dialogs < 3) {
                    dialogs++;
                    return new ShowAsync(id(), delay());
                }
                if (k < 95 && !pulse && depth < 3) return new Run(How.PULSE, id(), body(Ctx.PULSE, depth + 1, n));
                if (k < 100 && !pulse) return new Run(How.OFF_THREAD, id(), body(Ctx.TASK, depth + 1, 1 + n));
                if (k < 110) continue;
                // task only
                if (k < 122) return new Sleep(r.nextInt(3) == 0 ? 0 : r.nextInt(5));
                if (k < 132) return new Await(id(), delay(), outcome());
                return new AwaitTask(new Spawn(id(), false, body(Ctx.TASK, depth + 1, 1 + n)));
            }
        }
    }

    // ------------------------------------------------------------------ shrinking

    /** Simpler variants of {@code ops}, simplest first: one operation removed, a body emptied, a delay dropped. */
    static List<List<Op>> shrinkCandidates(List<Op> ops) {
        List<List<Op>> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            List<Op> without = new ArrayList<>(ops);
            without.remove(i);
            out.add(without);
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            int at = i;
            if (!op.body().isEmpty()) {
                out.add(replace(ops, at, o -> o.withBody(List.of())));
                for (List<Op> inner : shrinkCandidates(op.body())) out.add(replace(ops, at, o -> o.withBody(inner)));
            }
            Op plain = op.withoutDelay();
            if (plain != op) out.add(replace(ops, at, o -> plain));
        }
        out.removeIf(c -> c.equals(ops));
        return out;
    }

    private static List<Op> replace(List<Op> ops, int at, UnaryOperator<Op> f) {
        List<Op> copy = new ArrayList<>(ops);
        copy.set(at, f.apply(ops.get(at)));
        return copy;
    }

    /** The number of operations, for the shrinker's report. */
    static int size(List<Op> ops) {
        int n = 0;
        for (Op op : ops) n += 1 + size(op.body());
        return n;
    }

    /** An indented listing of the program. */
    static String describe(List<Op> ops) {
        StringBuilder sb = new StringBuilder();
        describe(ops, "  ", sb);
        return sb.toString();
    }

    private static void describe(List<Op> ops, String indent, StringBuilder sb) {
        for (Op op : ops) {
            String s = op.toString();
            int cut = s.indexOf(", body=");
            if (cut >= 0) s = s.substring(0, cut) + "]";
            if (op instanceof AwaitTask a) s = "AwaitTask[child=" + a.child().id() + "]";
            sb.append(indent).append(s).append('\n');
            List<Op> inner = op instanceof AwaitTask a ? a.child().body() : op.body();
            describe(inner, indent + "    ", sb);
        }
    }
}
