package io.loopfx.demo.dialogs;

import io.loopfx.core.Async;
import io.loopfx.demo.Ui;
import io.loopfx.fx.FxAsync;
import io.loopfx.fx.FxEventLoop;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The Dialogs tab: tasks that ask the user a question in the middle of their code, three ways, while a
 * clock and a ticker (two more tasks of the same loop) keep running.
 * <ul>
 *   <li>{@code FxAsync.showAsync}: the task awaits the dialog's result; no nested event loop.</li>
 *   <li>{@code showAndWait} inside a task: JavaFX runs a nested event loop, and loopfx keeps running the
 *       other tasks inside it.</li>
 *   <li>{@code Async.withTimeout} around {@code showAsync}: the dialog closes itself when time is up.</li>
 * </ul>
 */
public final class DialogsPane extends BorderPane {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String TICKER = "LOOPFX 1.00 ▲  ·  ASYNC 42.00 ▲  ·  AWAIT 7.50 ▼  ·  FX 60.00 ▲  ·  ";

    private final Label clock = new Label();
    private final Label ticker = new Label();
    private final ListView<String> log = new ListView<>();

    /** Creates the tab and starts its clock and ticker tasks. FX thread. */
    public DialogsPane() {
        clock.setId("dialogs-clock");
        clock.getStyleClass().add("clock");
        ticker.setId("dialogs-ticker");
        ticker.getStyleClass().add("ticker");
        log.setId("dialogs-log");

        Button async = new Button("Ask with showAsync");
        async.setId("dialogs-show-async");
        async.setOnAction(FxAsync.handler(e -> {
            Optional<ButtonType> answer = Async.await(FxAsync.showAsync(question("showAsync")));
            Ui.append(log, "showAsync answered: " + describe(answer));
        }));
        Button nested = new Button("Ask with showAndWait");
        nested.setId("dialogs-show-and-wait");
        nested.setOnAction(FxAsync.handler(e -> {
            Optional<ButtonType> answer = question("showAndWait").showAndWait(); // a nested event loop, inside a task
            Ui.append(log, "showAndWait answered: " + describe(answer));
        }));
        Button timed = new Button("Ask, 5 s to answer");
        timed.setId("dialogs-timeout");
        timed.setOnAction(FxAsync.handler(e -> {
            try {
                Optional<ButtonType> answer = Async.withTimeout(Duration.ofSeconds(5),
                        () -> Async.await(FxAsync.showAsync(question("withTimeout (5 s)"))));
                Ui.append(log, "withTimeout answered: " + describe(answer));
            } catch (TimeoutException tooSlow) { // the timeout cancelled showAsync's future, which hid the dialog
                Ui.append(log, "withTimeout: no answer within 5 s, the dialog was closed");
            }
        }));

        HBox buttons = new HBox(10, async, nested, timed);
        HBox live = new HBox(24, new Label("Clock"), clock, new Label("Ticker"), ticker, Ui.spinner());
        live.setAlignment(Pos.CENTER_LEFT);
        VBox content = new VBox(12, live, buttons, new Label("Answers"), log);
        VBox.setVgrow(log, Priority.ALWAYS);
        Ui.layout(this, "Dialogs in tasks",
                "A task asks a question halfway through its code and goes on with the answer. The clock and the "
                        + "ticker are tasks too: they keep running while any of the dialogs is open.", content);

        FxEventLoop loop = FxEventLoop.get();
        loop.createTask("clock", () -> {
            while (true) {
                LocalTime now = LocalTime.now();
                clock.setText(now.format(CLOCK));
                Async.sleep(Duration.ofNanos(1_000_000_000L - now.getNano())); // wake on the next full second
            }
        });
        loop.createTask("ticker", () -> {
            for (int offset = 0; ; offset = (offset + 1) % TICKER.length()) {
                ticker.setText((TICKER.substring(offset) + TICKER).substring(0, 48));
                Async.sleep(Duration.ofMillis(120));
            }
        });
    }

    private Alert question(String how) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "Save the quarterly report? (asked with " + how + ")",
                ButtonType.YES, ButtonType.NO);
        alert.setHeaderText("A task is waiting for your answer");
        alert.initOwner(getScene().getWindow());
        return alert;
    }

    private static String describe(Optional<ButtonType> answer) {
        return answer.map(ButtonType::getText).orElse("(closed)");
    }
}
