package io.loopfx.demo;

import io.loopfx.demo.downloads.RemoteFile;
import io.loopfx.demo.search.JdkClassIndex;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak's dialog step against the Dialogs tab's showAndWait button, in the normal build. The soak hung there
 * (docs/reliability.md, "Soak"): it fired the button inside a {@code runLater} it waited for, and the button's
 * {@code FxAsync.handler} task, started eagerly inside {@code fire()}, blocks in the dialog's nested event loop until
 * the dialog closes, which only the waiting driver would have done.
 */
class SoakDialogStepTest {
    private static final long TIMEOUT_SECONDS = 30;

    private static Path folder;
    private static DemoApp app;

    @BeforeAll
    static void startDemo() throws Exception {
        FxToolkit.registerPrimaryStage();
        folder = Files.createTempDirectory("loopfx-soak-step");
        DemoConfig config = new DemoConfig(folder, 1024 * 1024, List.of(new RemoteFile("small.bin", 1024)), 2, new JdkClassIndex(Duration.ofMillis(100)));
        app = (DemoApp) FxToolkit.setupApplication(() -> new DemoApp(config));
        onFx(() -> app.showTab("Dialogs"));
    }

    @AfterAll
    static void stopDemo() throws Exception {
        FxToolkit.cleanupApplication(app);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Why the soak must not wait for the fire(): it returns only once the dialog has closed. */
    @Test
    void firingTheShowAndWaitButtonReturnsOnlyOnceItsDialogHasClosed() throws Exception {
        Future<Void> fired = WaitForAsyncUtils.asyncFx(() -> node("#dialogs-show-and-wait").fire());
        waitUntil("the dialog shows", () -> DemoSoakTest.openDialog() != null);
        assertFalse(fired.isDone(), "fire() returned while its dialog's nested loop was still open");
        answer(ButtonType.NO);
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, fired);
        waitUntil("the answer logged", () -> lastLogLine().equals("showAndWait answered: No"));
    }

    /** The soak's pressForDialog(): the dialog shows, the driver answers it, the task goes on with the answer. */
    @Test
    void theSoaksPressLetsTheDriverAnswerTheShowAndWaitDialog() throws Exception {
        AtomicBoolean shown = DemoSoakTest.pressForDialog("#dialogs-show-and-wait");
        waitUntil("the dialog shows", shown::get);
        assertTrue(onFx(() -> DemoSoakTest.openDialog() != null));
        answer(ButtonType.YES);
        waitUntil("the dialog closes", () -> DemoSoakTest.openDialog() == null);
        waitUntil("the answer logged", () -> lastLogLine().equals("showAndWait answered: Yes"));
    }

    /**
     * The timed dialog closes itself after 5 s; a driver that looks for it only then (a loaded machine) finds no
     * dialog, yet pressForDialog saw it show.
     */
    @Test
    void aTimedDialogThatClosedBeforeTheDriverLookedWasSeenToShow() throws Exception {
        AtomicBoolean shown = DemoSoakTest.pressForDialog("#dialogs-timeout");
        waitUntil("the timed dialog shows", shown::get);
        waitUntil("the timed dialog closes itself", () -> DemoSoakTest.openDialog() == null);
        waitUntil("the time-out logged", () -> lastLogLine().startsWith("withTimeout: no answer within 5 s"));
        assertTrue(shown.get());
    }

    private static void answer(ButtonType answer) throws Exception {
        onFx(() -> {
            DialogPane pane = DemoSoakTest.openDialog();
            ((ButtonBase) pane.lookupButton(answer)).fire();
            return null;
        });
    }

    private static String lastLogLine() {
        List<String> items = DemoSoakTest.<ListView<String>>nodeIn("#dialogs-log").getItems();
        return items.isEmpty() ? "" : items.getLast();
    }

    private static ButtonBase node(String id) {
        return DemoSoakTest.nodeIn(id);
    }

    private static <T> T onFx(Callable<T> body) throws Exception {
        return WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(body));
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!onFx(condition)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }
}
