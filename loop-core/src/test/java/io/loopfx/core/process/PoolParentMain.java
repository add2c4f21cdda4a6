package io.loopfx.core.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A "parent" JVM for {@code ProcessPoolExecutorTest.workersExitWhenTheirParentIsKilled}: starts a pool of two
 * workers, prints their pids on one line, then waits to be killed.
 */
public final class PoolParentMain {
    private PoolParentMain() {
    }

    public static void main(String[] args) throws Exception {
        ProcessPoolExecutor pool = ProcessPoolExecutor.builder().workers(2)
                .jvmArgs(ProcessPoolExecutorTest.SMALL_WORKER).build();
        CountDownLatch both = new CountDownLatch(2);
        List<CompletableFuture<Long>> pids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pids.add(pool.submit((ProcessCallable<Long>) () -> {
                Thread.sleep(500); // so that the two tasks land on two workers
                return ProcessHandle.current().pid();
            }));
        }
        System.out.println("workers " + pids.stream().map(CompletableFuture::join).map(String::valueOf)
                .collect(Collectors.joining(",")));
        System.out.flush();
        both.await(); // until killed
    }
}
