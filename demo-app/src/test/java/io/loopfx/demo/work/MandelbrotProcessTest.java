package io.loopfx.demo.work;

import io.loopfx.core.process.ProcessPoolExecutor;
import io.loopfx.core.process.WorkerDiedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Work tab's process mode without its UI: the bands of worker processes, and the crash of one of them. */
class MandelbrotProcessTest {
    @Test
    void bandsComputedInWorkersMatchAndACrashFailsOnlyItsBand() throws Exception {
        Mandelbrot image = new Mandelbrot(64, 40, -0.743643887, 0.131825904, 0.01, 200);
        try (ProcessPoolExecutor pool = ProcessPoolExecutor.builder().workers(2).jvmArgs("-Xmx64m").build()) {
            List<CompletableFuture<int[]>> bands = new ArrayList<>();
            for (int y = 0; y < 40; y += 10) bands.add(pool.submit(y == 20 ? Mandelbrot.crashTask() : image.bandTask(y, 10)));
            for (int i = 0; i < bands.size(); i++) {
                if (i == 2) continue;
                assertArrayEquals(image.band(i * 10, 10, () -> false), bands.get(i).get(60, TimeUnit.SECONDS), "band " + i);
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> bands.get(2).get(60, TimeUnit.SECONDS));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(134, died.exitCode());
            assertTrue(died.stderrTail().stream().anyMatch(l -> l.contains("simulated crash")), died.getMessage());
            assertEquals(400 * 64 / 40, pool.submit(image.bandTask(0, 10)).get(60, TimeUnit.SECONDS).length, "recovered");
        }
    }
}
