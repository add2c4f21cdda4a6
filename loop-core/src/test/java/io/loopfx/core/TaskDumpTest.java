package io.loopfx.core;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** EventLoop.dumpTasks(): the await chain, suspended stacks, cycles, creation sites, the MBean. */
class TaskDumpTest extends VirtualClockFixture {
    private static final AtomicInteger AWAIT_LINE = new AtomicInteger();

    /** Awaits {@code cf} and records the line of the await, so the test knows which line the stack must name. */
    private static String awaitTheWorker(CompletableFuture<String> cf) throws Exception {
        AWAIT_LINE.set(new Throwable().getStackTrace()[0].getLineNumber() + 1);
        return Async.await(cf);
    }

    @Test
    void theDumpShowsTheAwaitChainAndWhereTheLastTaskIsSuspended() throws Exception {
        CompletableFuture<String> worker = new CompletableFuture<>();
        TaskDump dump = runMain(() -> {
            loop.setDebug(true); // debug mode records each task's creation time (and site)
            Task<String> c = loop.createTask("C", () -> awaitTheWorker(worker));
            Task<String> b = loop.createTask("B", () -> Async.await(c));
            Task<String> a = loop.createTask("A", () -> Async.await(b));
            Async.sleep(Duration.ofSeconds(3));
            TaskDump d = loop.dumpTasks();
            worker.complete("done");
            assertEquals("done", Async.await(a));
            return d;
        });
        assertTrue(dump.consistent());
        assertEquals(List.of("main", "C", "B", "A"), dump.tasks().stream().map(TaskDump.TaskInfo::name).toList());
        TaskDump.TaskInfo a = dump.task("A");
        assertEquals(TaskDump.State.SUSPENDED, a.state());
        assertEquals(Duration.ofSeconds(3), a.age(), "age in the loop's (virtual) clock");
        String cf = "CompletableFuture@" + Integer.toHexString(System.identityHashCode(worker)) + " (not completed)";
        assertEquals(List.of("Task 'B'", "Task 'C'", cf), a.awaits());
        assertEquals(List.of("B"), a.awaitedTasks());
        assertEquals(TaskDump.State.RUNNING, dump.task("main").state());

        List<StackTraceElement> stack = dump.task("C").suspendedStack();
        assertEquals("io.loopfx.core.Async", stack.get(0).getClassName(), "the stack starts at the await: " + stack);
        StackTraceElement user = stack.stream().filter(e -> e.getMethodName().equals("awaitTheWorker")).findFirst()
                .orElseThrow(() -> new AssertionError("no frame of awaitTheWorker in " + stack));
        assertEquals(TaskDumpTest.class.getName(), user.getClassName());
        assertEquals(AWAIT_LINE.get(), user.getLineNumber());
        assertFalse(stack.stream().anyMatch(e -> e.getClassName().startsWith("jdk.internal.vm")),
                "the engine's frames are left out: " + stack);

        String text = dump.toString();
        assertTrue(text.contains("Task 'A' suspended, age 3.000 s\n  awaits Task 'B' -> Task 'C' -> " + cf), text);
        assertTrue(text.contains("TaskDumpTest.awaitTheWorker(TaskDumpTest.java:" + AWAIT_LINE.get() + ")"), text);
    }

    @Test
    void aTaskGroupAwaitsItsChildrenAndASleepSaysHowLongIsLeft() throws Exception {
        TaskDump dump = runMain(() -> {
            Task<Object> parent = loop.createTask("parent", () -> TaskGroup.run(g -> {
                g.createTask("kid-1", after(Duration.ofSeconds(10), 1));
                g.createTask("kid-2", after(Duration.ofSeconds(20), 2));
                return null;
            }));
            Async.sleep(Duration.ofSeconds(1));
            TaskDump d = loop.dumpTasks();
            Async.await(parent);
            return d;
        });
        TaskDump.TaskInfo parent = dump.task("parent");
        assertEquals(List.of("kid-1", "kid-2"), parent.awaitedTasks());
        assertTrue(parent.awaits().get(0).startsWith("TaskGroup[tasks=2"), parent.awaits().toString());
        assertEquals(List.of("sleep, PT9S left"), dump.task("kid-1").awaits());
        assertTrue(dump.toString().contains("waits for tasks 'kid-1', 'kid-2'"), dump.toString());
        assertTrue(dump.cycles().isEmpty());
    }

    @Test
    void anAwaitCycleIsShownOnceAsACycle() throws Exception {
        TaskDump dump = runMain(() -> {
            Task<?>[] b = new Task<?>[1];
            // A gathers B first, then B awaits A: a cycle through gather that neither await nor gather can refuse
            // when it forms (the other order, B awaiting A before A gathers B, gather refuses as a cycle).
            Task<List<Object>> a = loop.createTask("A", () -> Async.gather(List.<LoopFuture<?>>of(b[0])));
            b[0] = loop.createTask("B", () -> {
                Async.yieldNow();
                return Async.await(a);
            });
            Task<Object> c = loop.createTask("C", () -> Async.await(a)); // waits on the cycle, is not in it
            Async.sleep(Duration.ofSeconds(1));
            TaskDump d = loop.dumpTasks();
            a.cancel();
            for (Task<?> t : List.of(a, b[0], c)) assertThrows(CancellationException.class, () -> Async.await(t));
            return d;
        });
        assertEquals(List.of(List.of("A", "B")), dump.cycles());
        assertEquals(List.of("Task 'A'", "gather of 1 (0 done)"), dump.task("B").awaits());
        assertEquals(List.of("A"), dump.task("B").awaitedTasks());
        assertEquals(List.of("B"), dump.task("A").awaitedTasks());
        String text = dump.toString();
        assertEquals(1, count(text, "Task 'A' -> Task 'B' -> Task 'A'"), text);
        assertFalse(text.contains("Task 'B' -> Task 'A' -> Task 'B'"), text);
    }

    @Test
    void aCycleThroughATaskItselfIsNamedAtTheEndOfItsChain() throws Exception {
        TaskDump dump = runMain(() -> {
            Task<?>[] b = new Task<?>[1];
            Task<Object> a = loop.createTask("A", () -> {
                Async.yieldNow();
                return Async.await(Async.shield(b[0]));
            });
            b[0] = loop.createTask("B", () -> Async.await(a));
            Async.sleep(Duration.ofSeconds(1));
            TaskDump d = loop.dumpTasks();
            b[0].cancel();
            assertThrows(CancellationException.class, () -> Async.await(a));
            return d;
        });
        assertEquals(List.of(List.of("A", "B")), dump.cycles());
        assertEquals(List.of("shield(Task 'B')"), dump.task("A").awaits());
        assertEquals(List.of("Task 'A'", "shield(Task 'B')"), dump.task("B").awaits());
    }

    @Test
    void inDebugModeTheDumpShowsWhereATaskWasCreated() throws Exception {
        loop.setDebug(true);
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 2;
        TaskDump dump = runMain(() -> {
            Task<Object> t = loop.createTask("made-here", after(Duration.ofSeconds(5), null));
            TaskDump d = loop.dumpTasks();
            Async.await(t);
            return d;
        });
        StackTraceElement site = dump.task("made-here").creationSite().get(0);
        assertEquals(TaskDumpTest.class.getName(), site.getClassName().replaceAll("\\$.*", ""));
        assertEquals(line, site.getLineNumber(), "the line of createTask: " + site);
        assertEquals(TaskDump.State.NOT_STARTED, dump.task("made-here").state());
        assertTrue(dump.toString().contains("  created at\n    " + site), dump.toString());

        loop.setDebug(false);
        TaskDump quiet = runMain(() -> loop.dumpTasks());
        assertTrue(quiet.task("main").creationSite().isEmpty(), "no creation site outside debug mode");
    }

    @Test
    void aFailureNobodyRetrievedIsListedUntilSomeoneLooksAtIt() throws Exception {
        LoopFuture<String> f = loop.createFuture();
        f.setException(new java.io.IOException("disk gone"));
        List<String> unretrieved = loop.dumpTasks().unretrievedFailures();
        assertEquals(List.of("Future failed: java.io.IOException: disk gone"), unretrieved);
        assertInstanceOf(java.io.IOException.class, f.exception());
        assertTrue(loop.dumpTasks().unretrievedFailures().isEmpty());
    }

    @Test
    void fromAnotherThreadTheDumpIsTakenOnTheLoopThread() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            CompletableFuture<String> never = new CompletableFuture<>();
            lt.call(() -> lt.loop.createTask("waiter", () -> Async.await(never)));
            lt.call(() -> null); // the task has started and suspended
            TaskDump dump = lt.loop.dumpTasks();
            assertTrue(dump.consistent());
            assertEquals(TaskDump.State.SUSPENDED, dump.task("waiter").state());
            assertFalse(dump.task("waiter").suspendedStack().isEmpty());
            never.complete("x");
            lt.call(() -> null);
        }
    }

    @Test
    void whenTheLoopThreadIsStuckTheDumpSaysWhereAndIsMarkedNotConsistent() throws Exception {
        try (LoopThread lt = new LoopThread(EventLoop.create())) {
            lt.call(() -> lt.loop.createTask("bystander", () -> Async.await(new CompletableFuture<>())));
            CountDownLatch entered = new CountDownLatch(1), release = new CountDownLatch(1);
            lt.loop.callSoonThreadsafe(() -> stuckCallback(entered, release));
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            TaskDump dump;
            try {
                dump = lt.loop.dumpTasks(); // waits a second for the loop thread, then reads from here
            } finally {
                release.countDown();
            }
            assertFalse(dump.consistent());
            assertTrue(dump.loopThreadStack().stream().anyMatch(e -> e.getMethodName().equals("stuckCallback")),
                    dump.loopThreadStack().toString());
            assertEquals(List.of("bystander"), dump.tasks().stream().map(TaskDump.TaskInfo::name).toList());
            assertTrue(dump.task("bystander").suspendedStack().isEmpty(), "stacks are walked on the loop thread only");
            assertTrue(dump.toString().contains("NOT CONSISTENT"), dump.toString());
            lt.call(() -> {
                for (Task<?> t : lt.loop.allTasks()) t.cancel();
                return null;
            });
            lt.call(() -> null); // the cancelled task has ended
        }
    }

    private static void stuckCallback(CountDownLatch entered, CountDownLatch release) {
        entered.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theMBeanAnswersWithTheDumpAndGoesAwayWhenTheLoopCloses() throws Exception {
        EventLoop other = EventLoop.withVirtualClock();
        ObjectName name = LoopManagement.register(other);
        assertSame(name, LoopManagement.register(other), "registering twice returns the same name");
        assertTrue(name.toString().startsWith("io.loopfx:type=EventLoop,name=EventLoop-"), name.toString());
        var server = ManagementFactory.getPlatformMBeanServer();
        String text = other.runUntilComplete(() -> {
            Task<Object> sleeper = other.createTask("sleeper", after(Duration.ofMinutes(1), null));
            Async.yieldNow();
            String answer = (String) server.invoke(name, "dumpTasks", null, null);
            assertEquals(2, server.getAttribute(name, "LiveTasks"));
            sleeper.cancel();
            assertThrows(CancellationException.class, () -> Async.await(sleeper));
            return answer;
        });
        assertTrue(text.contains("Task 'sleeper' suspended"), text);
        assertTrue(text.contains("awaits sleep, PT1M left"), text);
        other.close();
        assertFalse(server.isRegistered(name));
        assertNull(LoopManagement.objectName(other));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoopManagement.register(other));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void theSystemPropertyRegistersEveryNewLoop() {
        System.setProperty(LoopManagement.PROPERTY, "true");
        EventLoop registered;
        try {
            registered = EventLoop.create();
        } finally {
            System.clearProperty(LoopManagement.PROPERTY);
        }
        ObjectName name = LoopManagement.objectName(registered);
        assertNotNull(name);
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
        registered.close();
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
        assertNull(LoopManagement.objectName(EventLoop.create()), "without the property nothing is registered");
    }

    @Test
    void aHostedLoopRegisteredByThePropertyIsUnregisteredWhenItCloses() {
        System.setProperty(LoopManagement.PROPERTY, "true");
        EventLoop hosted;
        try {
            hosted = new Hosted();
        } finally {
            System.clearProperty(LoopManagement.PROPERTY);
        }
        ObjectName name = LoopManagement.objectName(hosted);
        assertNotNull(name, "the hosted loop knows its MBean");
        assertTrue(name.getKeyProperty("name").startsWith("Hosted-"), name.toString());
        assertSame(name, LoopManagement.register(hosted), "no second registration");
        hosted.close();
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
    }

    /** A loop on a host of its own, as a bridge makes one. */
    private static final class Hosted extends HostedEventLoop {
        Hosted() {
            super(new io.loopfx.core.internal.ThreadHost());
        }
    }

    private <T> T runMain(Coroutine<T> body) throws Exception {
        return loop.runUntilComplete(loop.createTask("main", body));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
