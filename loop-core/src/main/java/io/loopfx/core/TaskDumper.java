package io.loopfx.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link TaskDump} of a loop's live tasks: their await graph, its cycles, the suspended stacks. */
final class TaskDumper {
    /** How many hops of an await chain a dump follows. */
    private static final int MAX_HOPS = 32;
    /** How deep a dump looks into futures that stand for others (a shield of a gather of tasks). */
    private static final int MAX_NESTING = 8;

    private TaskDumper() {
    }

    /**
     * Takes the snapshot.
     *
     * @param onLoopThread true on the loop's thread (or while none runs it): suspended stacks are walked; false
     *                     for a best-effort read from another thread, which must not touch the continuations
     */
    static TaskDump dump(CoreLoop loop, List<Task<?>> live, List<CoreLoop.OpenFrame> frames, List<String> unretrieved,
                         boolean onLoopThread, List<StackTraceElement> loopThreadStack) {
        long now = loop.time();
        Map<Task<?>, List<Task<?>>> edges = new IdentityHashMap<>();
        for (Task<?> t : live) edges.put(t, awaitedTasks(t.waitingOn()));
        List<TaskDump.TaskInfo> infos = new ArrayList<>(live.size());
        for (Task<?> t : live) {
            StackTraceElement[] stack = onLoopThread ? t.suspendedStack() : null;
            Task.Origin origin = t.origin;
            StackTraceElement[] site = origin == null ? null : origin.site();
            infos.add(new TaskDump.TaskInfo(t.name(), t.dumpState(), origin == null ? null : Duration.ofNanos(Math.max(0, now - origin.createdAt())),
                    chain(t), names(edges.get(t)), stack == null ? List.of() : trimSuspended(stack),
                    site == null ? List.of() : Arrays.asList(site), t.cancelling()));
        }
        List<TaskDump.OpenRun> runs = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            CoreLoop.OpenFrame f = frames.get(i);
            boolean done = f.isDone();
            String heldBy = done && i + 1 < frames.size() ? frames.get(i + 1).label : null;
            runs.add(new TaskDump.OpenRun(f.label, Duration.ofNanos(Math.max(0, now - f.startedAt)), done, heldBy));
        }
        return new TaskDump(loop.toString(), Instant.now(), Duration.ofNanos(now), onLoopThread, loopThreadStack, infos,
                cycles(live, edges), runs, unretrieved);
    }

    /** What {@code t} awaits, hop by hop, while each hop is a task; a cycle ends the chain, named once. */
    private static List<String> chain(Task<?> t) {
        List<String> out = new ArrayList<>();
        Set<LoopFuture<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(t);
        LoopFuture<?> w = t.waitingOn();
        while (w != null) {
            if (!seen.add(w)) {
                out.add("(cycle back to " + w.describeForDump() + ")");
                break;
            }
            if (out.size() == MAX_HOPS) {
                out.add("...");
                break;
            }
            out.add(w.describeForDump() + (w.isDone() ? " (done)" : ""));
            if (!(w instanceof Task<?> next)) break;
            w = next.waitingOn();
        }
        return out;
    }

    /** The tasks that a task awaiting {@code f} waits for directly: f itself, or those f stands for. */
    private static List<Task<?>> awaitedTasks(LoopFuture<?> f) {
        if (f == null) return List.of();
        Set<Task<?>> out = new LinkedHashSet<>();
        collect(f, out, 0);
        return new ArrayList<>(out);
    }

    private static void collect(LoopFuture<?> f, Set<Task<?>> out, int depth) {
        if (f instanceof Task<?> t) {
            if (!t.isDone()) out.add(t);
            return;
        }
        if (depth == MAX_NESTING) return;
        for (LoopFuture<?> g : f.awaitedForDump()) collect(g, out, depth + 1);
    }

    private static List<String> names(List<Task<?>> tasks) {
        List<String> out = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) out.add(t.name());
        return out;
    }

    /**
     * Finds the await cycles among the live tasks: a depth-first search in creation order reports each back
     * edge once, as the cycle it closes, rotated to start at its earliest-created task.
     */
    private static List<List<String>> cycles(List<Task<?>> live, Map<Task<?>, List<Task<?>>> edges) {
        Map<Task<?>, Integer> order = new IdentityHashMap<>();
        for (int i = 0; i < live.size(); i++) order.put(live.get(i), i);
        Map<Task<?>, Integer> color = new IdentityHashMap<>(); // absent: unvisited, 1: on the path, 2: finished
        List<List<String>> out = new ArrayList<>();
        for (Task<?> root : live) {
            if (color.containsKey(root)) continue;
            // iterative DFS: a path of tasks and, for each, the index of its next edge
            List<Task<?>> path = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            path.add(root);
            next.add(0);
            color.put(root, 1);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                Task<?> t = path.get(top);
                List<Task<?>> succ = edges.getOrDefault(t, List.of());
                int i = next.get(top);
                if (i == succ.size()) {
                    color.put(t, 2);
                    path.remove(top);
                    next.remove(top);
                    continue;
                }
                next.set(top, i + 1);
                Task<?> s = succ.get(i);
                if (!order.containsKey(s)) continue; // done meanwhile, or not this loop's
                Integer c = color.get(s);
                if (c == null) {
                    color.put(s, 1);
                    path.add(s);
                    next.add(0);
                } else if (c == 1) {
                    List<Task<?>> cycle = new ArrayList<>(path.subList(path.indexOf(s), path.size()));
                    int first = 0;
                    for (int k = 1; k < cycle.size(); k++) if (order.get(cycle.get(k)) < order.get(cycle.get(first))) first = k;
                    Collections.rotate(cycle, -first);
                    out.add(names(cycle));
                }
            }
        }
        return out;
    }

    /**
     * Keeps the frames of a suspended task from {@code Async}'s await (or sleep) up to the task's body: the
     * engine's frames above and below them say nothing about the task.
     */
    static List<StackTraceElement> trimSuspended(StackTraceElement[] stack) {
        int from = 0;
        while (from < stack.length && isEngineFrame(stack[from])) from++;
        int to = from;
        while (to < stack.length && !(stack[to].getClassName().equals(Task.class.getName())
                && stack[to].getMethodName().equals("runBody"))) to++;
        return Arrays.asList(stack).subList(from, to);
    }

    private static boolean isLoopFrame(String c) {
        return c.equals(TaskDumper.class.getName()) || c.startsWith(CoreLoop.class.getName())
                || c.equals(HostedEventLoop.class.getName()) || c.equals(TaskGroup.class.getName());
    }

    private static boolean isEngineFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("jdk.internal.vm.") || c.startsWith("java.lang.invoke.")
                || c.equals("io.loopfx.core.internal.Continuations") || c.equals(Task.class.getName());
    }

    /** The creation site of a task: the caller's frames, without loopfx's own above them. */
    static StackTraceElement[] creationSite() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int from = 0;
        while (from < all.length && isLoopFrame(all[from].getClassName())) from++;
        return Arrays.copyOfRange(all, from, all.length);
    }
}
