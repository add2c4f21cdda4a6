package io.loopfx.fx;

import io.loopfx.core.LoopFuture;
import io.loopfx.core.TaskDump;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loopfx.fx.FxTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The FX loop's task dump lists its open nested calls and what holds each; Flight Recorder sees them too. */
class FxObservabilityTest {
    @BeforeAll
    static void toolkit() throws Exception {
        startToolkit();
    }

    @Test
    void theDumpListsOpenNestedCallsAndTheHoldUpIsRecorded() throws Exception {
        FxEventLoop loop = FxEventLoop.get();
        List<RecordedEvent> events;
        try (Recording r = new Recording()) {
            r.enable("loopfx.NestedHoldUp");
            r.enable("loopfx.Run").withThreshold(Duration.ZERO);
            r.start();
            LoopFuture<String> outerF = onFx(loop::createFuture);
            LoopFuture<String> innerF = onFx(loop::createFuture);
            CompletableFuture<String> outer = onFxAsync(() -> {
                loop.callSoon(() -> {
                    try {
                        loop.runUntilComplete(innerF);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                return loop.runUntilComplete(outerF);
            });
            waitUntilFx("two nested calls open", () -> loop.nestingDepth() == 2);
            runFx(() -> outerF.setResult("one"));

            TaskDump dump = loop.dumpTasks(); // from this thread: taken on the FX thread
            List<String> openCalls = onFx(loop::openCalls);
            assertTrue(dump.consistent());
            assertEquals(openCalls, dump.openRuns().stream().map(TaskDump.OpenRun::label).toList());
            TaskDump.OpenRun outerRun = dump.openRuns().get(0), innerRun = dump.openRuns().get(1);
            assertTrue(outerRun.done(), "the outer call's future is done: " + dump);
            assertEquals(innerRun.label(), outerRun.heldBy(), "it is held up by the inner call");
            assertFalse(innerRun.done());
            assertTrue(dump.toString().contains(", done, held up by " + innerRun.label()), dump.toString());

            runFx(() -> innerF.setResult("two"));
            assertEquals("one", outer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            r.stop();
            Path file = Files.createTempFile("loopfx-fx-events", ".jfr");
            try {
                r.dump(file);
                events = RecordingFile.readAllEvents(file);
            } finally {
                Files.delete(file);
            }
        }
        RecordedEvent holdUp = events.stream().filter(e -> e.getEventType().getName().equals("loopfx.NestedHoldUp"))
                .findFirst().orElseThrow(() -> new AssertionError("no hold-up event: " + events));
        assertTrue(holdUp.getString("call").startsWith("runUntilComplete(LoopFuture"), holdUp.toString());
        assertTrue(holdUp.getString("heldBy").startsWith("runUntilComplete(LoopFuture"), holdUp.toString());
        assertTrue(holdUp.getLong("heldFor") > 0, holdUp.toString());
        assertEquals(1, holdUp.getInt("depth"));
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("loopfx.Run")
                && e.getInt("depth") == 2 && e.getString("loop").startsWith("FxEventLoop@")), "the nested run: " + events);
    }
}
