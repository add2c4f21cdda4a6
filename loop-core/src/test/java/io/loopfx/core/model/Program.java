package io.loopfx.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A random program of operations on a virtual-clock loop, as data: a fixed pool of callbacks (each with how it is
 * scheduled and what it does when it runs), a fixed pool of tasks (each a list of awaits and actions) and of plain
 * futures, and a list of phases. A phase performs some actions on the test's thread while the loop is not
 * running, then runs the loop: {@code runForever} (ended by a {@code stop()} from a callback or task, or by a
 * sentinel timer at the phase's horizon) or {@code runUntilComplete} of a future or task (which a guard timer
 * at the horizon completes or cancels, so that every run ends). Each callback is scheduled at most once and each
 * task created at most once, so every program is finite.
 *
 * <p>{@link RealRun} executes a program on the real loop and {@link ReferenceModel} simulates it; both write
 * the same trace. {@link #generate} makes one from a seed; {@link #shrinkCandidates} gives simpler variants for
 * shrinking a failing one.
 */
record Program(List<CallbackSpec> callbacks, List<TaskSpec> tasks, List<Phase> phases) {
    /** Pool sizes: actions refer to callbacks, tasks and futures by index into these pools. */
    static final int CALLBACKS = 12, TASKS = 6, FUTURES = 4;

    /** How a callback is scheduled. */
    enum How {
        /** {@code callSoon}. */
        SOON,
        /** {@code callSoonThreadsafe} from the scheduling thread (the loop thread, or the test thread in a phase's setup). */
        THREADSAFE,
        /** {@code callSoonThreadsafe} from a helper thread that the scheduling thread joins (happens-before). */
        THREADSAFE_HELPER,
        /** {@code callLater(param ms)}: a delay of -4..16 ms, negative and zero included. */
        LATER,
        /** {@code callAt(2 * param ms)}: an absolute deadline, often in the past once time has moved on. */
        AT
    }

    /** What {@link Phase} runs the loop with. */
    enum Mode { FOREVER, UNTIL_FUTURE, UNTIL_TASK }

    record CallbackSpec(How how, int param, List<Action> body) {
        @Override
        public String toString() {
            return switch (how) {
                case SOON -> "callSoon";
                case THREADSAFE -> "callSoonThreadsafe";
                case THREADSAFE_HELPER -> "callSoonThreadsafe from helper";
                case LATER -> "callLater(" + param + ")";
                case AT -> "callAt(" + 2 * param + ")";
            } + ", runs " + body;
        }
    }

    record TaskSpec(List<TaskOp> ops) {
        @Override
        public String toString() {
            return ops.toString();
        }
    }

    /**
     * One phase: setup actions on the test thread, then a run. Horizon: the sentinel (FOREVER) or guard (UNTIL)
     * timer's delay in ms; target: the future or task index for UNTIL modes.
     */
    record Phase(List<Action> setup, Mode mode, int horizon, int target) {
        /** The future that an UNTIL_FUTURE phase runs until. */
        int future() {
            return target % FUTURES;
        }

        /** The task that an UNTIL_TASK phase runs until (created by the phase if no action created it). */
        int task() {
            return target % TASKS;
        }

        @Override
        public String toString() {
            return "setup " + setup + ", then " + switch (mode) {
                case FOREVER -> "runForever (sentinel stop at +" + horizon + ")";
                case UNTIL_FUTURE -> "runUntilComplete(F" + future() + ") (guard completes it at +" + horizon + ")";
                case UNTIL_TASK -> "runUntilComplete(T" + task() + ") (guard cancels it at +" + horizon + ")";
            };
        }
    }

    /** Something a setup, a callback or a task body does. */
    sealed interface Action permits Schedule, CancelHandle, CreateTask, CancelTask, Complete, Fail, CancelFuture, Stop {
    }

    /** Schedules callback {@code cb} as its spec says (once: later attempts do nothing). */
    record Schedule(int cb) implements Action {
        @Override
        public String toString() {
            return "schedule C" + cb;
        }
    }

    /** Cancels callback {@code cb}'s handle, if it was scheduled; from a helper thread if {@code fromHelper}. */
    record CancelHandle(int cb, boolean fromHelper) implements Action {
        @Override
        public String toString() {
            return "cancel C" + cb + (fromHelper ? " from helper" : "");
        }
    }

    /** Creates task {@code task} with {@code createTask} (once). */
    record CreateTask(int task) implements Action {
        @Override
        public String toString() {
            return "create T" + task;
        }
    }

    /** Cancels task {@code task}, if created; from a helper thread if {@code fromHelper}. */
    record CancelTask(int task, boolean fromHelper) implements Action {
        @Override
        public String toString() {
            return "cancel T" + task + (fromHelper ? " from helper" : "");
        }
    }

    /** Completes future {@code future} with a value, unless it is done. */
    record Complete(int future) implements Action {
        @Override
        public String toString() {
            return "complete F" + future;
        }
    }

    /** Fails future {@code future}, unless it is done. */
    record Fail(int future) implements Action {
        @Override
        public String toString() {
            return "fail F" + future;
        }
    }

    /** Cancels future {@code future}; from a helper thread if {@code fromHelper}. */
    record CancelFuture(int future, boolean fromHelper) implements Action {
        @Override
        public String toString() {
            return "cancel F" + future + (fromHelper ? " from helper" : "");
        }
    }

    /** {@code loop.stop()}, only while a phase's {@code runForever} runs (ignored elsewhere, by both sides). */
    record Stop() implements Action {
        @Override
        public String toString() {
            return "stop";
        }
    }

    /** One step of a task's body. */
    sealed interface TaskOp permits Sleep, Yield, Await, Do {
    }

    /** {@code Async.sleep(ms)}; zero or negative is a yield. */
    record Sleep(int ms) implements TaskOp {
        @Override
        public String toString() {
            return "sleep " + ms;
        }
    }

    /** {@code Async.yieldNow()}. */
    record Yield() implements TaskOp {
        @Override
        public String toString() {
            return "yield";
        }
    }

    /** {@code Async.await(F)}. */
    record Await(int future) implements TaskOp {
        @Override
        public String toString() {
            return "await F" + future;
        }
    }

    /** Performs an action from inside the task's body. */
    record Do(Action action) implements TaskOp {
        @Override
        public String toString() {
            return action.toString();
        }
    }

    /** Lists the phases, and the callbacks and tasks that some action or phase refers to (the others never run). */
    @Override
    public String toString() {
        Set<Integer> cbs = new TreeSet<>(), ts = new TreeSet<>();
        List<Action> all = new ArrayList<>();
        for (Phase p : phases) {
            all.addAll(p.setup());
            if (p.mode() == Mode.UNTIL_TASK) ts.add(p.task());
        }
        for (CallbackSpec c : callbacks) all.addAll(c.body());
        for (TaskSpec t : tasks) for (TaskOp op : t.ops()) if (op instanceof Do d) all.add(d.action());
        for (Action a : all) {
            if (a instanceof Schedule s) cbs.add(s.cb());
            if (a instanceof CreateTask c) ts.add(c.task());
        }
        StringBuilder sb = new StringBuilder("Program:\n");
        for (int i = 0; i < phases.size(); i++) sb.append("  phase ").append(i).append(": ").append(phases.get(i)).append('\n');
        for (int i : cbs) sb.append("  C").append(i).append(": ").append(callbacks.get(i)).append('\n');
        for (int k : ts) sb.append("  T").append(k).append(": ").append(tasks.get(k)).append('\n');
        return sb.toString();
    }

    // ------------------------------------------------------------------ generation

    /** Generates a program from {@code random} alone, so that a seed replays it. */
    static Program generate(Random random) {
        List<CallbackSpec> callbacks = new ArrayList<>();
        for (int i = 0; i < CALLBACKS; i++) {
            How how = pick(random, new How[]{How.SOON, How.THREADSAFE, How.THREADSAFE_HELPER, How.LATER, How.AT},
                    3, 1, 1, 3, 2);
            callbacks.add(new CallbackSpec(how, between(random, -4, 16), actions(random, 4)));
        }
        List<TaskSpec> tasks = new ArrayList<>();
        for (int k = 0; k < TASKS; k++) {
            List<TaskOp> ops = new ArrayList<>();
            for (int n = random.nextInt(6); n > 0; n--) {
                ops.add(switch (pick(random, new Integer[]{0, 1, 2, 3}, 3, 1, 3, 2)) {
                    case 0 -> new Sleep(between(random, -1, 8));
                    case 1 -> new Yield();
                    case 2 -> new Await(random.nextInt(FUTURES));
                    default -> new Do(action(random));
                });
            }
            tasks.add(new TaskSpec(ops));
        }
        List<Phase> phases = new ArrayList<>();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            Mode mode = pick(random, Mode.values(), 3, 1, 1);
            phases.add(new Phase(actions(random, 6), mode, between(random, 0, 30), random.nextInt(Math.max(FUTURES, TASKS))));
        }
        return new Program(List.copyOf(callbacks), List.copyOf(tasks), List.copyOf(phases));
    }

    private static List<Action> actions(Random random, int max) {
        List<Action> list = new ArrayList<>();
        for (int n = random.nextInt(max + 1); n > 0; n--) list.add(action(random));
        return List.copyOf(list);
    }

    private static Action action(Random random) {
        boolean helper = random.nextInt(4) == 0;
        return switch (pick(random, new Integer[]{0, 1, 2, 3, 4, 5, 6, 7}, 8, 3, 4, 3, 2, 1, 1, 1)) {
            case 0 -> new Schedule(random.nextInt(CALLBACKS));
            case 1 -> new CancelHandle(random.nextInt(CALLBACKS), helper);
            case 2 -> new CreateTask(random.nextInt(TASKS));
            case 3 -> new CancelTask(random.nextInt(TASKS), helper);
            case 4 -> new Complete(random.nextInt(FUTURES));
            case 5 -> new Fail(random.nextInt(FUTURES));
            case 6 -> new CancelFuture(random.nextInt(FUTURES), helper);
            default -> new Stop();
        };
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** Picks one of {@code values} with the given relative weights. */
    private static <T> T pick(Random random, T[] values, int... weights) {
        int total = 0;
        for (int w : weights) total += w;
        int r = random.nextInt(total);
        for (int i = 0; ; i++) {
            r -= weights[i];
            if (r < 0) return values[i];
        }
    }

    // ------------------------------------------------------------------ shrinking

    /**
     * Returns simpler variants of this program, simplest-first in spirit: fewer phases, fewer actions and ops,
     * plainer scheduling, smaller numbers. A failing program is replaced by the first variant that still fails,
     * until none does.
     */
    List<Program> shrinkCandidates() {
        List<Program> out = new ArrayList<>();
        for (int p = 0; p < phases.size() && phases.size() > 1; p++) out.add(withPhases(without(phases, p)));
        for (int p = 0; p < phases.size(); p++) {
            Phase ph = phases.get(p);
            for (List<Action> setup : shrinkActions(ph.setup())) {
                out.add(withPhases(with(phases, p, new Phase(setup, ph.mode(), ph.horizon(), ph.target()))));
            }
            if (ph.mode() != Mode.FOREVER) {
                out.add(withPhases(with(phases, p, new Phase(ph.setup(), Mode.FOREVER, ph.horizon(), 0))));
            }
            for (int h : smaller(ph.horizon())) {
                out.add(withPhases(with(phases, p, new Phase(ph.setup(), ph.mode(), h, ph.target()))));
            }
        }
        for (int i = 0; i < callbacks.size(); i++) {
            CallbackSpec c = callbacks.get(i);
            for (List<Action> body : shrinkActions(c.body())) {
                out.add(withCallback(i, new CallbackSpec(c.how(), c.param(), body)));
            }
            if (c.how() != How.SOON) out.add(withCallback(i, new CallbackSpec(How.SOON, c.param(), c.body())));
            if (c.how() == How.THREADSAFE_HELPER) {
                out.add(withCallback(i, new CallbackSpec(How.THREADSAFE, c.param(), c.body())));
            }
            if (c.how() == How.AT) out.add(withCallback(i, new CallbackSpec(How.LATER, c.param(), c.body())));
            for (int v : smaller(c.param())) out.add(withCallback(i, new CallbackSpec(c.how(), v, c.body())));
        }
        for (int k = 0; k < tasks.size(); k++) {
            List<TaskOp> ops = tasks.get(k).ops();
            for (int j = 0; j < ops.size(); j++) {
                out.add(withTask(k, without(ops, j)));
                switch (ops.get(j)) {
                    case Sleep s -> {
                        for (int v : smaller(s.ms())) out.add(withTask(k, with(ops, j, new Sleep(v))));
                    }
                    case Do d -> {
                        for (Action a : shrinkAction(d.action())) out.add(withTask(k, with(ops, j, new Do(a))));
                    }
                    default -> {
                    }
                }
            }
        }
        return out;
    }

    private static List<List<Action>> shrinkActions(List<Action> actions) {
        List<List<Action>> out = new ArrayList<>();
        for (int j = 0; j < actions.size(); j++) out.add(without(actions, j));
        for (int j = 0; j < actions.size(); j++) {
            for (Action a : shrinkAction(actions.get(j))) out.add(with(actions, j, a));
        }
        return out;
    }

    private static List<Action> shrinkAction(Action a) {
        return switch (a) {
            case CancelHandle c when c.fromHelper() -> List.of(new CancelHandle(c.cb(), false));
            case CancelTask c when c.fromHelper() -> List.of(new CancelTask(c.task(), false));
            case CancelFuture c when c.fromHelper() -> List.of(new CancelFuture(c.future(), false));
            default -> List.of();
        };
    }

    /** Values closer to zero than {@code v}: zero, then half-way. */
    private static List<Integer> smaller(int v) {
        if (v == 0) return List.of();
        if (Math.abs(v) == 1) return List.of(0);
        return List.of(0, v / 2);
    }

    private Program withPhases(List<Phase> ps) {
        return new Program(callbacks, tasks, ps);
    }

    private Program withCallback(int i, CallbackSpec c) {
        return new Program(with(callbacks, i, c), tasks, phases);
    }

    private Program withTask(int k, List<TaskOp> ops) {
        return new Program(callbacks, with(tasks, k, new TaskSpec(ops)), phases);
    }

    private static <T> List<T> without(List<T> list, int index) {
        List<T> copy = new ArrayList<>(list);
        copy.remove(index);
        return List.copyOf(copy);
    }

    private static <T> List<T> with(List<T> list, int index, T value) {
        List<T> copy = new ArrayList<>(list);
        copy.set(index, value);
        return List.copyOf(copy);
    }
}
