package io.loopfx.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

class TaskGroupTest extends VirtualClockFixture {

    @Test
    void waitsForEveryChildAndReturnsTheBodysValue() throws Exception {
        List<String> log = new ArrayList<>();
        String r = loop.runUntilComplete(() -> {
            List<Task<String>> children = new ArrayList<>();
            String body = TaskGroup.run(g -> {
                children.add(g.createTask(loggedSleep(s(3), "a", log)));
                children.add(g.createTask("b", loggedSleep(s(1), "b", log)));
                return "body";
            });
            assertEquals("b", children.get(1).name());
            return body + " " + children.get(0).result() + children.get(1).result();
        });
        assertEquals("body ab", r);
        assertEquals(List.of("b done", "b finally", "a done", "a finally"), log);
        assertEquals(s(3).toNanos(), loop.time());
    }

    @Test
    void aChildFailureCancelsTheSiblingsAndTheBodyAndIsReported() throws Exception {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        String r = loop.runUntilComplete(() -> {
            try {
                TaskGroup.run(g -> {
                    g.createTask(loggedSleep(Duration.ofHours(1), "sibling1", log));
                    g.createTask(loggedSleep(Duration.ofHours(2), "sibling2", log));
                    g.createTask(failAfter(s(1), boom));
                    try {
                        Async.sleep(Duration.ofHours(3));
                    } finally {
                        log.add("body finally");
                    }
                    return "not reached";
                });
                return "no failure";
            } catch (TaskGroupException e) {
                assertEquals(List.of(boom), e.failures());
                assertSame(boom, e.getCause());
                assertEquals(0, Async.currentTask().cancelling(), "the group withdrew the cancellation it made");
                Async.sleep(s(1)); // the parent is usable again
                return "reported at " + secondsSince(loop, 0);
            }
        });
        assertEquals("reported at 2.0", r);
        assertEquals(List.of("sibling1 finally", "sibling2 finally", "body finally"), log);
    }

    @Test
    void twoChildrenFailingAtTheSameInstantAreBothReported() {
        IOException first = new IOException("first");
        IllegalStateException second = new IllegalStateException("second");
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> loop.runUntilComplete(() -> TaskGroup.run(g -> {
            g.createTask(failAfter(s(1), first));
            g.createTask(failAfter(s(1), second));
            g.createTask(after(Duration.ofHours(1), "x"));
            return null;
        })));
        assertEquals(List.of(first, second), e.failures());
        assertSame(first, e.getCause());
        assertArrayEquals(new Throwable[]{second}, e.getSuppressed());
        assertTrue(e.getMessage().startsWith("2 failures"), e.getMessage());
        assertEquals(s(1).toNanos(), loop.time());
    }

    @Test
    void aBodyFailureCancelsTheChildrenAndIsReportedLast() {
        IOException childFailure = new IOException("child");
        IllegalArgumentException bodyFailure = new IllegalArgumentException("body");
        List<String> log = new ArrayList<>();
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> loop.runUntilComplete(() -> TaskGroup.run(g -> {
            g.createTask(loggedSleep(Duration.ofHours(1), "child", log));
            g.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return null;
                } catch (CancellationException ce) {
                    throw childFailure; // fails while being cancelled: still a failure
                }
            });
            Async.sleep(s(1));
            throw bodyFailure;
        })));
        assertEquals(List.of(childFailure, bodyFailure), e.failures());
        assertEquals(List.of("child finally"), log);
        assertEquals(s(1).toNanos(), loop.time());
    }

    @Test
    void cancellingTheParentWhileTheBodyRunsCancelsTheChildrenAndPropagates() {
        assertParentCancellationPropagates(true);
    }

    @Test
    void cancellingTheParentWhileItWaitsForTheChildrenCancelsThemAndPropagates() {
        assertParentCancellationPropagates(false);
    }

    private void assertParentCancellationPropagates(boolean bodyStillRunning) {
        List<String> log = new ArrayList<>();
        Task<Object> parent = loop.createTask(() -> {
            try {
                return TaskGroup.run(g -> {
                    g.createTask(loggedSleep(Duration.ofHours(1), "c1", log));
                    g.createTask(loggedSleep(Duration.ofHours(2), "c2", log));
                    if (bodyStillRunning) Async.sleep(Duration.ofHours(3));
                    return "not reached";
                });
            } finally {
                log.add("after run");
            }
        });
        loop.callLater(s(1), parent::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(parent));
        assertTrue(parent.isCancelled());
        assertEquals(1, parent.cancelling(), "the outside cancellation is kept, not withdrawn");
        assertEquals(List.of("c1 finally", "c2 finally", "after run"), log);
    }

    @Test
    void aFailureTakesPriorityOverAnOutsideCancellationWhichStaysRequested() {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        Task<String> parent = loop.createTask(() -> {
            try {
                TaskGroup.run(g -> {
                    g.createTask(failAfter(s(1), boom));
                    g.createTask(() -> {
                        try {
                            return after(Duration.ofHours(1), "x").run();
                        } finally {
                            Async.sleep(s(2)); // slow cleanup: the outside cancel arrives meanwhile
                        }
                    });
                    return null;
                });
                return "no failure";
            } catch (TaskGroupException e) {
                log.add("group failed with " + e.failures() + ", cancelling=" + Async.currentTask().cancelling());
                Async.sleep(s(1)); // the outside cancellation must surface at the next await
                log.add("not cancelled");
                return "not cancelled";
            }
        });
        loop.callLater(s(2), parent::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(parent));
        assertEquals(List.of("group failed with [" + boom + "], cancelling=1"), log);
        assertEquals(s(3).toNanos(), loop.time());
    }

    @Test
    void aCancelledChildIsNotAFailure() throws Exception {
        String r = loop.runUntilComplete(() -> TaskGroup.run(g -> {
            Task<String> doomed = g.createTask(after(Duration.ofHours(1), "x"));
            g.createTask(after(s(2), "y"));
            Async.sleep(s(1));
            doomed.cancel();
            return "fine";
        }));
        assertEquals("fine", r);
        assertEquals(s(2).toNanos(), loop.time());
    }

    @Test
    void childrenMayStartSiblings() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> TaskGroup.run(g -> {
            g.createTask(() -> {
                Async.sleep(s(1));
                g.createTask(loggedSleep(s(5), "grandchild", log));
                return null;
            });
            return null;
        }));
        assertEquals(List.of("grandchild done", "grandchild finally"), log);
        assertEquals(s(6).toNanos(), loop.time());
    }

    @Test
    void cancelEndsTheGroupQuietly() throws Exception {
        List<String> log = new ArrayList<>();
        String r = loop.runUntilComplete(() -> TaskGroup.run(g -> {
            g.createTask(loggedSleep(Duration.ofHours(1), "worker", log));
            g.createTask(() -> {
                Async.sleep(s(1));
                g.cancel();
                return null;
            });
            try {
                Async.sleep(Duration.ofHours(2));
            } catch (CancellationException e) {
                log.add("body cancelled");
                throw e;
            }
            return "not reached";
        }));
        assertNull(r);
        assertEquals(List.of("worker finally", "body cancelled"), log);
        assertEquals(s(1).toNanos(), loop.time());
    }

    @Test
    void anOutsideCancellationArrivingAfterCancelIsNotLost() {
        Task<Object> parent = loop.createTask(() -> TaskGroup.run(g -> {
            g.createTask(() -> {
                try {
                    return after(Duration.ofHours(1), "x").run();
                } finally {
                    Async.sleep(s(2)); // slow cleanup: the outside cancel arrives meanwhile
                }
            });
            g.createTask(() -> {
                Async.sleep(s(1));
                g.cancel();
                return null;
            });
            return null;
        }));
        loop.callLater(s(2), parent::cancel);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(parent));
        assertEquals(s(3).toNanos(), loop.time());
    }

    @Test
    void aFinishedOrShuttingDownGroupRefusesNewTasks() throws Exception {
        TaskGroup[] kept = new TaskGroup[1];
        loop.runUntilComplete(() -> TaskGroup.run(g -> {
            kept[0] = g;
            return null;
        }));
        IllegalStateException finished = assertThrows(IllegalStateException.class, () -> kept[0].createTask(() -> "x"));
        assertTrue(finished.getMessage().contains("has finished"), finished.getMessage());

        IllegalStateException[] shuttingDown = new IllegalStateException[1];
        assertThrows(TaskGroupException.class, () -> loop.runUntilComplete(() -> TaskGroup.run(g -> {
            g.createTask(failAfter(s(1), new IOException("boom")));
            try {
                Async.sleep(Duration.ofHours(1));
            } finally {
                shuttingDown[0] = assertThrows(IllegalStateException.class, () -> g.createTask(() -> "late"));
            }
            return null;
        })));
        assertTrue(shuttingDown[0].getMessage().contains("shutting down"), shuttingDown[0].getMessage());
    }

    @Test
    void outsideATaskFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> null));
        assertTrue(e.getMessage().contains("TaskGroup.run"), e.getMessage());
    }

    @Test
    void hundredThousandConcurrentChildrenAllComplete() throws Exception {
        int n = 100_000;
        long[] sum = {0};
        int[] peakRunning = {0}, running = {0};
        loop.runUntilComplete(() -> TaskGroup.run(g -> {
            for (int i = 0; i < n; i++) {
                int k = i;
                g.createTask(() -> {
                    running[0]++;
                    peakRunning[0] = Math.max(peakRunning[0], running[0]);
                    Async.sleep(Duration.ofMillis(1 + k % 1000));
                    running[0]--;
                    sum[0] += k;
                    return null;
                });
            }
            return null;
        }));
        assertEquals((long) n * (n - 1) / 2, sum[0]);
        assertEquals(n, peakRunning[0], "all children were suspended at the same time");
        assertEquals(Duration.ofMillis(1000).toNanos(), loop.time());
        assertTrue(loop.allTasks().isEmpty());
    }

    @Test
    void anEagerChildRunsInsideCreateTaskAndTheGroupWaitsForIt() throws Exception {
        List<String> log = new ArrayList<>();
        String r = loop.runUntilComplete(() -> TaskGroup.run(g -> {
            Task<String> child = g.createTask("eager", TaskStart.EAGER, () -> {
                log.add("first line");
                Async.sleep(s(2));
                log.add("after sleep");
                return "child";
            });
            log.add("createTask returned");
            assertEquals("eager", child.name());
            Task<String> quick = g.createTask("quick", TaskStart.EAGER, () -> "at once");
            assertTrue(quick.isDone(), "a body that never suspends is done when createTask returns");
            return "body";
        }));
        assertEquals("body", r);
        assertEquals(List.of("first line", "createTask returned", "after sleep"), log);
        assertEquals(s(2).toNanos(), loop.time(), "run() waited for the eager child");
    }

    @Test
    void anEagerChildThatFailsAtOnceCancelsTheGroupOnceCreateTaskHasReturned() throws Exception {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> loop.runUntilComplete(() -> TaskGroup.run(g -> {
            g.createTask(loggedSleep(Duration.ofHours(1), "sibling", log));
            g.createTask("failing", TaskStart.EAGER, () -> {
                throw boom;
            });
            log.add("createTask returned");
            Async.sleep(Duration.ofHours(1));
            return "never";
        })));
        assertEquals(List.of(boom), e.failures());
        assertEquals(List.of("createTask returned", "sibling finally"), log);
        assertEquals(0, loop.time(), "nobody slept: the failure cancelled the body and the sibling");
        loop.runUntilComplete(() -> TaskGroup.run(g -> {
            NullPointerException npe = assertThrows(NullPointerException.class, () -> g.createTask("x", null, () -> "x"));
            assertEquals("start", npe.getMessage());
            return null;
        }));
    }
}
