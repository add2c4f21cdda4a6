package com.example.hellofx;

import io.loopfx.core.Async;
import io.loopfx.core.EventLoop;
import io.loopfx.fx.FxAsync;
import io.loopfx.fx.FxEventLoop;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.time.Duration;

/**
 * A window with a button that starts a task: the task waits for a timer and for work on another thread without
 * freezing the window, and every line of it runs on the JavaFX Application Thread.
 */
public class HelloApp extends Application {
    /** Upper bound of the prime count the button asks for. */
    static final int LIMIT = 5_000_000;

    @Override
    public void start(Stage stage) {
        Parent content = createContent();
        stage.setTitle("Hello, loopfx");
        stage.setScene(new Scene(content, 380, 120));
        stage.show();
        if (getParameters().getRaw().contains("--smoke")) selfCheck(content);
    }

    /**
     * Builds the window's content: a button and a label. Each click starts a task of the FX loop.
     *
     * @return the content
     */
    static Parent createContent() {
        Label answer = new Label("Press the button.");
        answer.setId("answer");
        Button count = new Button("Count the primes below " + LIMIT);
        count.setId("count");
        count.setOnAction(FxAsync.handler(e -> {                // a task per click, on the FX thread
            count.setDisable(true);
            try {
                answer.setText("Thinking...");
                Async.sleep(Duration.ofMillis(300));            // a timer: the window stays live meanwhile
                answer.setText("Counting on a worker thread...");
                int primes = Async.await(EventLoop.current()    // blocking work goes to another thread
                        .runInExecutor(null, () -> countPrimesBelow(LIMIT)));
                answer.setText("There are " + primes + " primes below " + LIMIT + ".");  // FX thread again
            } finally {
                count.setDisable(false);                        // also when the task is cancelled at exit
            }
        }));
        VBox root = new VBox(12, count, answer);
        root.setPadding(new Insets(16));
        return root;
    }

    /**
     * Counts the primes below {@code n} with a sieve: plain blocking work, so it runs on a worker thread.
     *
     * @param n the bound
     * @return how many primes are below it
     */
    static int countPrimesBelow(int n) {
        boolean[] composite = new boolean[n];
        int count = 0;
        for (int i = 2; i < n; i++) {
            if (composite[i]) continue;
            count++;
            for (long j = (long) i * i; j < n; j += i) composite[(int) j] = true;
        }
        return count;
    }

    /**
     * {@code --smoke}: clicks the button from a task of the FX loop, waits for the answer, prints it and exits (CI
     * runs the example this way; a real application does not need it). Exits with status 1 if no answer came.
     */
    private static void selfCheck(Parent content) {
        Button count = (Button) content.lookup("#count");
        Label answer = (Label) content.lookup("#answer");
        FxEventLoop.get().createTask("smoke", () -> {
            count.fire();                                       // as a click does: FxAsync.handler starts the task
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!answer.getText().startsWith("There are")) {
                if (System.nanoTime() > deadline) {
                    System.out.println("smoke: FAILED, the label still says '" + answer.getText() + "'");
                    System.exit(1);
                }
                Async.sleep(Duration.ofMillis(20));
            }
            System.out.println("smoke: " + answer.getText());
            Platform.exit();
            return null;
        });
    }
}
